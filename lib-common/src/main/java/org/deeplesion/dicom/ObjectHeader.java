package org.deeplesion.dicom;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * What the lake keeps of an annotation object's header (presentation state, structured report, key object
 * selection): its keys, its class and the instances it refers to, with the patient a keyed pseudonym of Issuer of
 * Patient ID and Patient ID, or of the study when the object has no Patient ID, and UIDs replaced when asked.
 *
 * @param studyUid empty when the header has none
 * @param seriesUid empty when the header has none
 * @param sopInstanceUid null when the header has none (and UIDs are not replaced)
 */
public record ObjectHeader(
        String patientKey,
        String studyUid,
        String seriesUid,
        String sopInstanceUid,
        String sopClassUid,
        List<String> referencedSopInstanceUids) {

    public ObjectHeader {
        requireNonNull(patientKey, "patientKey");
        requireNonNull(studyUid, "studyUid");
        requireNonNull(seriesUid, "seriesUid");
        referencedSopInstanceUids = List.copyOf(referencedSopInstanceUids);
    }

    /** Extracts the header, pseudonymising the patient and, when asked, replacing every UID consistently. */
    public static ObjectHeader of(DicomFile file, Pseudonymizer pseudonymizer, boolean replaceUids) {
        requireNonNull(file, "file");
        requireNonNull(pseudonymizer, "pseudonymizer");
        DicomDataset ds = file.dataset();
        List<String> referenced = new ArrayList<>(References.sopInstanceUids(ds));
        String study = ds.string(Tag.StudyInstanceUID, "");
        String series = ds.string(Tag.SeriesInstanceUID, "");
        String sop = file.sopInstanceUid();
        // No Patient ID: the object still belongs to one (unknown) patient, so key it by its study as written.
        String patientId = ds.string(Tag.PatientID, "study:" + study);
        if (replaceUids) {
            study = pseudonymizer.uid(study);
            series = pseudonymizer.uid(series);
            sop = pseudonymizer.uid(sop);
            referenced.replaceAll(pseudonymizer::uid);
        }
        String patient = pseudonymizer.patientKey(ds.string(Tag.IssuerOfPatientID), patientId);
        return new ObjectHeader(patient, study, series, sop, file.sopClassUid(), referenced);
    }
}
