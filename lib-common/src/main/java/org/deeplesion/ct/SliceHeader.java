package org.deeplesion.ct;

import static java.util.Objects.requireNonNull;

import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.ImagePixel;
import org.deeplesion.dicom.Pseudonymizer;
import org.deeplesion.dicom.Tag;

/**
 * What the lake keeps of a CT slice's header: keys, geometry and display defaults, and nothing that identifies
 * the patient (the patient is a keyed pseudonym; names, dates, institution and device identifiers are dropped).
 *
 * @param position Image Position (Patient) of the top-left pixel centre, mm; null when the header has none
 * @param orientation Image Orientation (Patient): row then column direction cosines; null when absent
 */
public record SliceHeader(
        String patientKey,
        String studyUid,
        String seriesUid,
        String sopInstanceUid,
        String sopClassUid,
        int frames,
        Integer instanceNumber,
        double[] position,
        double[] orientation,
        int rows,
        int columns,
        double rowSpacing,
        double columnSpacing,
        Double sliceThickness,
        Double spacingBetweenSlices,
        Window window,
        String modality,
        String bodyPart,
        String manufacturer) {

    public SliceHeader {
        requireNonNull(patientKey, "patientKey");
        requireNonNull(studyUid, "studyUid");
        requireNonNull(seriesUid, "seriesUid");
        requireNonNull(sopInstanceUid, "sopInstanceUid");
    }

    /**
     * Extracts the header, pseudonymising the patient and, when asked, replacing UIDs consistently.
     *
     * @throws IllegalArgumentException naming the missing or malformed attribute
     */
    public static SliceHeader of(DicomFile file, Pseudonymizer pseudonymizer, boolean replaceUids) {
        DicomDataset ds = file.dataset();
        ImagePixel pixel = ImagePixel.of(ds);
        double[] spacing = ds.doubles(Tag.PixelSpacing);
        if (spacing == null || spacing.length < 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
            throw new IllegalArgumentException("missing or invalid Pixel Spacing (0028,0030)");
        }
        double[] position = ds.doubles(Tag.ImagePositionPatient);
        double[] orientation = ds.doubles(Tag.ImageOrientationPatient);
        String study = required(ds, Tag.StudyInstanceUID, "Study Instance UID");
        String series = required(ds, Tag.SeriesInstanceUID, "Series Instance UID");
        String sop = file.sopInstanceUid();
        if (sop == null || sop.isEmpty()) {
            throw new IllegalArgumentException("missing SOP Instance UID (0008,0018)");
        }
        String patientId = ds.string(Tag.PatientID);
        if (patientId == null || patientId.isBlank()) {
            // No patient ID: the study still belongs to one (unknown) patient, so key it by the study.
            patientId = "study:" + study;
        }
        String patient = pseudonymizer.patientKey(ds.string(Tag.IssuerOfPatientID), patientId);
        if (replaceUids) {
            study = pseudonymizer.uid(study);
            series = pseudonymizer.uid(series);
            sop = pseudonymizer.uid(sop);
        }
        int instance = ds.intValue(Tag.InstanceNumber, Integer.MIN_VALUE);
        return new SliceHeader(
                patient,
                study,
                series,
                sop,
                file.sopClassUid(),
                pixel.frames(),
                instance == Integer.MIN_VALUE ? null : instance,
                position != null && position.length == 3 ? position : null,
                orientation != null && orientation.length == 6 ? orientation : null,
                pixel.rows(),
                pixel.columns(),
                spacing[0],
                spacing[1],
                positive(ds.doubleValue(Tag.SliceThickness, Double.NaN)),
                positive(ds.doubleValue(Tag.SpacingBetweenSlices, Double.NaN)),
                HounsfieldUnits.window(ds, null),
                ds.string(Tag.Modality),
                ds.string(Tag.BodyPartExamined),
                ds.string(Tag.Manufacturer));
    }

    /**
     * Position along the slice normal (mm), the coordinate that orders a series' slices; falls back to the z
     * coordinate, then to the instance number, when orientation or position is missing.
     */
    public double normalPosition() {
        return normalPosition(position, orientation, instanceNumber);
    }

    /**
     * Position along the normal of a slice at {@code position} (Image Position (Patient)) with {@code orientation}
     * (Image Orientation (Patient), six direction cosines), with the same fallbacks as {@link #normalPosition()}.
     */
    public static double normalPosition(double[] position, double[] orientation, Integer instanceNumber) {
        if (position == null || position.length < 3) {
            return instanceNumber == null ? 0 : instanceNumber;
        }
        if (orientation == null || orientation.length < 6) {
            return position[2];
        }
        double nx = orientation[1] * orientation[5] - orientation[2] * orientation[4];
        double ny = orientation[2] * orientation[3] - orientation[0] * orientation[5];
        double nz = orientation[0] * orientation[4] - orientation[1] * orientation[3];
        return position[0] * nx + position[1] * ny + position[2] * nz;
    }

    private static String required(DicomDataset ds, int tag, String name) {
        String v = ds.string(tag);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + name + " " + Tag.toString(tag));
        }
        return v;
    }

    private static Double positive(double v) {
        return v > 0 ? v : null;
    }
}
