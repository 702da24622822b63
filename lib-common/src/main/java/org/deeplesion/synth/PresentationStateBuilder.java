package org.deeplesion.synth;

import java.util.List;
import java.util.Locale;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.Tag;
import org.deeplesion.dicom.Vr;
import org.deeplesion.recist.GraphicPixelCoordinates;
import org.deeplesion.recist.PixelSpacing;
import org.deeplesion.recist.RecistMeasurement;

/**
 * Builds a Grayscale Softcopy Presentation State (PS3.3 A.33.1) holding one RECIST bookmark the way PACS viewers
 * store measurements: two POLYLINE graphic objects (long axis, then short axis) in PIXEL units on the key slice,
 * with a text label giving the diameters.
 */
final class PresentationStateBuilder {

    static final String GRAYSCALE_SOFTCOPY_PRESENTATION_STATE = "1.2.840.10008.5.1.4.1.1.11.1";
    static final String RECIST_LAYER = "RECIST";
    /** Tags the shared dictionary does not have (PS3.6). */
    static final int SOFTCOPY_VOI_LUT_SEQUENCE = 0x00283110;

    static final int ANCHOR_POINT_ANNOTATION_UNITS = 0x00700004;
    static final int UNFORMATTED_TEXT_VALUE = 0x00700006;
    private static final String PRESENTATION_SERIES_NUMBER = "901";

    private final StudyPlan plan;

    PresentationStateBuilder(StudyPlan plan) {
        this.plan = plan;
    }

    /**
     * @param instanceNumber 1-based number of the bookmark within the study
     */
    DicomDataset bookmark(Lesion lesion, RecistMeasurement recist, int instanceNumber) {
        SeriesGeometry g = plan.geometry();
        String keyUid = plan.sliceUids().get(lesion.keySlice());
        DicomDataset ds = new DicomDataset();
        if (plan.unicode()) {
            ds.putString(Tag.SpecificCharacterSet, Vr.CS, CtImageBuilder.UTF_8_CHARACTER_SET);
        }
        Headers.patientAndStudy(ds, plan);
        ds.putString(Tag.Manufacturer, Vr.LO, "Lumen Imaging Informatics");
        ds.putString(Tag.ManufacturerModelName, Vr.LO, "Lumen Reading Workstation");
        ds.putString(Tag.SoftwareVersions, Vr.LO, "7.3.2");

        ds.putString(Tag.SOPClassUID, Vr.UI, GRAYSCALE_SOFTCOPY_PRESENTATION_STATE);
        ds.putString(Tag.SOPInstanceUID, Vr.UI, plan.presentationUid(lesion));
        ds.putString(Tag.Modality, Vr.CS, "PR");
        ds.putString(Tag.SeriesInstanceUID, Vr.UI, plan.presentationSeriesInstanceUid());
        ds.putString(Tag.SeriesNumber, Vr.IS, PRESENTATION_SERIES_NUMBER);
        ds.putString(Tag.SeriesDescription, Vr.LO, "RECIST MEASUREMENTS");
        // Naming the (unpaired) body part is what lets validators drop the General Series' Laterality (2C).
        ds.putString(Tag.BodyPartExamined, Vr.CS, plan.chest() ? "CHEST" : "ABDOMEN");

        ds.putInts(Tag.InstanceNumber, Vr.IS, instanceNumber);
        ds.putString(Tag.ContentLabel, Vr.CS, String.format(Locale.ROOT, "RECIST_%02d", lesion.number()));
        ds.putString(Tag.ContentDescription, Vr.LO, "Target lesion " + lesion.number());
        ds.putString(Tag.PresentationCreationDate, Vr.DA, plan.identity().studyDate());
        ds.putString(Tag.PresentationCreationTime, Vr.TM, plan.identity().studyTime());
        ds.putString(Tag.ContentCreatorName, Vr.PN, plan.identity().readingPhysicianName());

        DicomDataset image = referencedImage(ds, keyUid);
        DicomDataset series = ds.newItem();
        series.putString(Tag.SeriesInstanceUID, Vr.UI, plan.seriesInstanceUid());
        series.putSequence(Tag.ReferencedImageSequence, List.of(image));
        ds.putSequence(Tag.ReferencedSeriesSequence, List.of(series));

        DicomDataset area = ds.newItem();
        area.putInts(Tag.DisplayedAreaTopLeftHandCorner, Vr.SL, 1, 1);
        area.putInts(Tag.DisplayedAreaBottomRightHandCorner, Vr.SL, g.columns(), g.rows());
        area.putString(Tag.PresentationSizeMode, Vr.CS, "SCALE TO FIT");
        area.putDecimals(Tag.PresentationPixelSpacing, g.spacingMm(), g.spacingMm());
        ds.putSequence(Tag.DisplayedAreaSelectionSequence, List.of(area));

        DicomDataset annotation = ds.newItem();
        annotation.putSequence(Tag.ReferencedImageSequence, List.of(referencedImage(ds, keyUid)));
        annotation.putString(Tag.GraphicLayer, Vr.CS, RECIST_LAYER);
        annotation.putSequence(
                Tag.GraphicObjectSequence,
                List.of(
                        line(ds, GraphicPixelCoordinates.toGraphicData(recist.longStart(), recist.longEnd())),
                        line(ds, GraphicPixelCoordinates.toGraphicData(recist.shortStart(), recist.shortEnd()))));
        annotation.putSequence(Tag.TextObjectSequence, List.of(label(ds, recist, g.pixelSpacing())));
        ds.putSequence(Tag.GraphicAnnotationSequence, List.of(annotation));

        DicomDataset layer = ds.newItem();
        layer.putString(Tag.GraphicLayer, Vr.CS, RECIST_LAYER);
        layer.putInts(Tag.GraphicLayerOrder, Vr.IS, 1);
        layer.putInts(Tag.GraphicLayerRecommendedDisplayGrayscaleValue, Vr.US, 0xFFFF);
        layer.putString(Tag.GraphicLayerDescription, Vr.LO, "RECIST target lesion measurements");
        ds.putSequence(Tag.GraphicLayerSequence, List.of(layer));

        PixelEncoding encoding = plan.scanner().encoding();
        ds.putDecimals(Tag.RescaleIntercept, encoding.rescaleIntercept());
        ds.putDecimals(Tag.RescaleSlope, encoding.rescaleSlope());
        ds.putString(Tag.RescaleType, Vr.LO, "HU");
        DicomDataset window = ds.newItem();
        window.putDecimals(Tag.WindowCenter, plan.windowCenter());
        window.putDecimals(Tag.WindowWidth, plan.windowWidth());
        ds.putSequence(SOFTCOPY_VOI_LUT_SEQUENCE, List.of(window));
        ds.putString(Tag.PresentationLUTShape, Vr.CS, "IDENTITY");
        return ds;
    }

    private static DicomDataset referencedImage(DicomDataset parent, String sopInstanceUid) {
        DicomDataset item = parent.newItem();
        item.putString(Tag.ReferencedSOPClassUID, Vr.UI, CtImageBuilder.CT_IMAGE_STORAGE);
        item.putString(Tag.ReferencedSOPInstanceUID, Vr.UI, sopInstanceUid);
        return item;
    }

    private static DicomDataset line(DicomDataset parent, float[] graphicData) {
        DicomDataset item = parent.newItem();
        item.putString(Tag.GraphicAnnotationUnits, Vr.CS, "PIXEL");
        item.putInts(Tag.GraphicDimensions, Vr.US, 2);
        item.putInts(Tag.NumberOfGraphicPoints, Vr.US, graphicData.length / 2);
        item.putFloats(Tag.GraphicData, graphicData);
        item.putString(Tag.GraphicType, Vr.CS, "POLYLINE");
        item.putString(Tag.GraphicFilled, Vr.CS, "N");
        return item;
    }

    /** The diameters in millimetres, anchored at the long axis' first endpoint as viewers place them. */
    private static DicomDataset label(DicomDataset parent, RecistMeasurement recist, PixelSpacing spacing) {
        DicomDataset item = parent.newItem();
        item.putString(ANCHOR_POINT_ANNOTATION_UNITS, Vr.CS, "PIXEL");
        item.putString(
                UNFORMATTED_TEXT_VALUE,
                Vr.ST,
                String.format(
                        Locale.ROOT,
                        "%.1f mm x %.1f mm",
                        recist.longDiameterMm(spacing),
                        recist.shortDiameterMm(spacing)));
        item.putFloats(Tag.AnchorPoint, GraphicPixelCoordinates.toGraphicData(recist.longStart()));
        item.putString(Tag.AnchorPointVisibility, Vr.CS, "N");
        return item;
    }
}
