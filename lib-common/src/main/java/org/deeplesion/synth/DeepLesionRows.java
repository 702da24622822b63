package org.deeplesion.synth;

import org.deeplesion.release.DlInfoRow;
import org.deeplesion.release.DlSeriesKey;

/** Turns a bookmarked lesion into its DL_info.csv row. */
final class DeepLesionRows {

    private DeepLesionRows() {}

    /**
     * The release's Normalized_lesion_location comes from a body-part regression; here x and y are the centre's
     * position across the image and z its position along the modelled trunk, from the lung apexes (0) to below the
     * kidneys (1). The whole series is provided, so the slice range is 1..slice count.
     */
    static DlInfoRow of(PatientPlan patient, StudyPlan study, LesionTruth lesion) {
        SeriesGeometry g = study.geometry();
        DlSeriesKey key = CohortGenerator.seriesKey(study);
        int keySliceNumber = lesion.keySlice() + 1;
        double t = g.firstT() + lesion.centreSlice() * g.intervalMm();
        double z = Math.max(0, Math.min(1, t / patient.anatomy().end()));
        String age = study.identity().patientAge();
        return new DlInfoRow(
                key.keySliceFileName(keySliceNumber),
                key.patientIndex(),
                key.studyIndex(),
                key.seriesId(),
                keySliceNumber,
                lesion.recist(),
                lesion.deepLesionBox(),
                lesion.longDiameterPx(),
                lesion.shortDiameterPx(),
                new DlInfoRow.Location(
                        lesion.centrePx().x() / g.columns(), lesion.centrePx().y() / g.rows(), z),
                lesion.coarseType(),
                false,
                new DlInfoRow.SliceRange(1, g.sliceCount()),
                new DlInfoRow.Spacing(g.spacingMm(), g.spacingMm(), g.intervalMm()),
                g.rows(),
                g.columns(),
                DlInfoRow.Window.ofCentreWidth(study.windowCenter(), study.windowWidth()),
                patient.identity().sex(),
                Integer.parseInt(age.substring(0, age.length() - 1)),
                patient.split());
    }
}
