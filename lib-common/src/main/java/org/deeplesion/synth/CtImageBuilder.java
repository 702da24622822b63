package org.deeplesion.synth;

import java.util.Locale;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.ImagePixel;
import org.deeplesion.dicom.PixelEncoder;
import org.deeplesion.dicom.Tag;
import org.deeplesion.dicom.TransferSyntax;
import org.deeplesion.dicom.Vr;

/**
 * Builds the CT Image Storage objects of one series: the Patient, General Study, Patient Study, General Series,
 * Frame of Reference, General Equipment, General Image, Image Plane, Image Pixel, Contrast/Bolus, CT Image, VOI LUT
 * and SOP Common modules (PS3.3 A.3).
 */
public final class CtImageBuilder {

    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String UTF_8_CHARACTER_SET = "ISO_IR 192";
    /** Tags the shared dictionary does not have (PS3.6). */
    static final int CONTRAST_BOLUS_AGENT = 0x00180010;

    static final int WINDOW_CENTER_WIDTH_EXPLANATION = 0x00281055;

    private final StudyPlan plan;
    private final TransferSyntax transferSyntax;

    CtImageBuilder(StudyPlan plan, TransferSyntax transferSyntax) {
        this.plan = plan;
        this.transferSyntax = transferSyntax;
    }

    /** The data set of slice {@code index} (0-based) from its HU values. */
    DicomDataset slice(int index, short[] hu) {
        SeriesGeometry g = plan.geometry();
        PixelEncoding encoding = plan.scanner().encoding();
        DicomDataset ds = new DicomDataset();
        if (plan.unicode()) {
            ds.putString(Tag.SpecificCharacterSet, Vr.CS, UTF_8_CHARACTER_SET);
        }
        Headers.patientAndStudy(ds, plan);
        Headers.equipment(ds, plan);

        ds.putString(Tag.SOPClassUID, Vr.UI, CT_IMAGE_STORAGE);
        ds.putString(Tag.SOPInstanceUID, Vr.UI, plan.sliceUids().get(index));
        ds.putString(Tag.ImageType, Vr.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.putString(Tag.Modality, Vr.CS, "CT");
        ds.putString(Tag.SeriesInstanceUID, Vr.UI, plan.seriesInstanceUid());
        ds.putInts(Tag.SeriesNumber, Vr.IS, StudyPlan.SERIES_INDEX);
        ds.putString(Tag.SeriesDate, Vr.DA, plan.identity().studyDate());
        ds.putString(Tag.SeriesTime, Vr.TM, plan.identity().studyTime());
        ds.putString(
                Tag.SeriesDescription,
                Vr.LO,
                String.format(
                        Locale.ROOT,
                        "AXIAL %s mm %s",
                        DicomDataset.formatDecimalString(g.intervalMm()),
                        plan.chest() ? "CHEST" : "ABDOMEN"));
        ds.putString(Tag.ProtocolName, Vr.LO, "CHEST ABDOMEN PORTAL VENOUS");
        ds.putString(Tag.BodyPartExamined, Vr.CS, plan.chest() ? "CHEST" : "ABDOMEN");
        ds.putString(Tag.PatientPosition, Vr.CS, "HFS");
        ds.putString(CONTRAST_BOLUS_AGENT, Vr.LO, "IV CONTRAST");

        ds.putString(Tag.FrameOfReferenceUID, Vr.UI, plan.frameOfReferenceUid());
        ds.putString(Tag.PositionReferenceIndicator, Vr.LO);

        ds.putInts(Tag.InstanceNumber, Vr.IS, index + 1);
        ds.putInts(Tag.AcquisitionNumber, Vr.IS, 1);
        ds.putString(Tag.AcquisitionDate, Vr.DA, plan.identity().studyDate());
        ds.putString(Tag.AcquisitionTime, Vr.TM, plan.identity().studyTime());
        ds.putString(Tag.ContentDate, Vr.DA, plan.identity().studyDate());
        ds.putString(Tag.ContentTime, Vr.TM, plan.identity().studyTime());

        ds.putDecimals(Tag.ImagePositionPatient, g.firstColumnX(), g.firstRowY(), g.z(index));
        ds.putDecimals(Tag.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
        ds.putDecimals(Tag.PixelSpacing, g.spacingMm(), g.spacingMm());
        ds.putDecimals(Tag.SliceThickness, g.intervalMm());
        ds.putDecimals(Tag.SpacingBetweenSlices, g.intervalMm());
        ds.putDecimals(Tag.SliceLocation, g.z(index));

        ds.putDecimals(Tag.KVP, 120);
        ds.putInts(Tag.XRayTubeCurrent, Vr.IS, 200);
        ds.putInts(Tag.ExposureTime, Vr.IS, 500);
        ds.putString(Tag.ConvolutionKernel, Vr.SH, plan.scanner().kernel());

        ds.putInts(Tag.SamplesPerPixel, Vr.US, 1);
        ds.putString(Tag.PhotometricInterpretation, Vr.CS, "MONOCHROME2");
        ds.putInts(Tag.Rows, Vr.US, g.rows());
        ds.putInts(Tag.Columns, Vr.US, g.columns());
        ds.putInts(Tag.BitsAllocated, Vr.US, 16);
        ds.putInts(Tag.BitsStored, Vr.US, encoding.bitsStored());
        ds.putInts(Tag.HighBit, Vr.US, encoding.bitsStored() - 1);
        ds.putInts(Tag.PixelRepresentation, Vr.US, encoding.pixelRepresentation());
        ds.putDecimals(Tag.RescaleIntercept, encoding.rescaleIntercept());
        ds.putDecimals(Tag.RescaleSlope, encoding.rescaleSlope());
        ds.putString(Tag.RescaleType, Vr.LO, "HU");
        ds.putDecimals(Tag.WindowCenter, plan.windowCenter());
        ds.putDecimals(Tag.WindowWidth, plan.windowWidth());
        ds.putString(WINDOW_CENTER_WIDTH_EXPLANATION, Vr.LO, plan.chest() ? "LUNG" : "SOFT TISSUE");

        int[] stored = new int[hu.length];
        for (int i = 0; i < hu.length; i++) {
            stored[i] = encoding.stored(hu[i]);
        }
        // Every CT slice's pixels pass through here: the encoder masks to bits stored and compresses on request.
        ds.put(PixelEncoder.pixelData(stored, ImagePixel.of(ds), transferSyntax));
        return ds;
    }
}
