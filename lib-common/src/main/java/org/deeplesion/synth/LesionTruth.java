package org.deeplesion.synth;

import java.util.List;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.release.CoarseLesionType;

/**
 * Everything known about one synthetic lesion. Pixel coordinates are 0-based pixel centres and slice indices are
 * 0-based positions in the series (instance number - 1). The RECIST measurement and the DeepLesion box are given
 * for every lesion: for a bookmarked one they are what its presentation state and DL_info.csv hold, for an
 * unbookmarked one what a reader would have measured.
 *
 * @param lesionId unique in the cohort, e.g. {@code 000001_01_01_L02}
 * @param centreMm the centre in the patient coordinate system (DICOM LPS)
 * @param centrePx the centre's column and row
 * @param centreSlice the centre's fractional slice index
 * @param rotationDegrees the angle of semi-axis a from the image's +x axis, turning towards +y (clockwise on screen)
 * @param meanHu the lesion's density before noise
 * @param textureAmplitudeHu how far its heterogeneous texture departs from the mean (0 for homogeneous lesions)
 * @param keySlice the slice of the largest cross-section
 * @param presentationStateSopInstanceUid the bookmark's presentation state, null when unbookmarked
 * @param deepLesionBox the RECIST extent padded by 5 px and clipped to the image; like the release's boxes it can
 *     cut off the rim of a large oblique lesion, whose outline reaches further than its axes' endpoints
 * @param sliceBoxes the lesion's tight box on every slice it appears on, for scoring against the complete truth
 */
public record LesionTruth(
        String lesionId,
        int patientIndex,
        String patientId,
        int studyIndex,
        int seriesIndex,
        String studyInstanceUid,
        String seriesInstanceUid,
        LesionType type,
        CoarseLesionType coarseType,
        Point3 centreMm,
        PixelPoint centrePx,
        double centreSlice,
        SemiAxes semiAxesMm,
        double rotationDegrees,
        double meanHu,
        double textureAmplitudeHu,
        int firstSlice,
        int lastSlice,
        int keySlice,
        String keySopInstanceUid,
        boolean bookmarked,
        String presentationStateSopInstanceUid,
        RecistMeasurement recist,
        double longDiameterPx,
        double shortDiameterPx,
        double longDiameterMm,
        double shortDiameterMm,
        BoundingBox deepLesionBox,
        List<SliceBox> sliceBoxes) {

    public LesionTruth {
        sliceBoxes = List.copyOf(sliceBoxes);
    }

    /** The tight box on a slice, or null when the lesion is not on it. */
    public BoundingBox boxOn(int sliceIndex) {
        for (SliceBox box : sliceBoxes) {
            if (box.sliceIndex() == sliceIndex) {
                return box.box();
            }
        }
        return null;
    }
}
