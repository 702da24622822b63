package org.deeplesion.synth;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The fake identifiers written into one study's headers (CT slices and presentation states).
 *
 * @param studyDate DICOM DA, yyyyMMdd
 * @param studyTime DICOM TM, HHmmss
 * @param patientAge DICOM AS at the study date, e.g. 052Y
 * @param readingPhysicianName the radiologist who measured the lesions, the presentation states' content creator
 */
public record StudyIdentity(
        String studyDate,
        String studyTime,
        String patientAge,
        String accessionNumber,
        String studyId,
        String institutionName,
        String institutionAddress,
        String referringPhysicianName,
        String performingPhysicianName,
        String operatorsName,
        String readingPhysicianName,
        String stationName,
        String deviceSerialNumber) {

    public StudyIdentity {
        requireNonNull(studyDate, "studyDate");
        requireNonNull(studyTime, "studyTime");
        requireNonNull(patientAge, "patientAge");
        requireNonNull(accessionNumber, "accessionNumber");
        requireNonNull(studyId, "studyId");
        requireNonNull(institutionName, "institutionName");
        requireNonNull(institutionAddress, "institutionAddress");
        requireNonNull(referringPhysicianName, "referringPhysicianName");
        requireNonNull(performingPhysicianName, "performingPhysicianName");
        requireNonNull(operatorsName, "operatorsName");
        requireNonNull(readingPhysicianName, "readingPhysicianName");
        requireNonNull(stationName, "stationName");
        requireNonNull(deviceSerialNumber, "deviceSerialNumber");
    }

    /** Every identifying value, as written. */
    public List<String> identifyingStrings() {
        return List.of(
                studyDate,
                accessionNumber,
                studyId,
                institutionName,
                institutionAddress,
                referringPhysicianName,
                performingPhysicianName,
                operatorsName,
                readingPhysicianName,
                stationName,
                deviceSerialNumber);
    }
}
