package org.deeplesion.synth;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The fake identifiers written into a patient's headers, kept so that de-identification can be checked against
 * every string that must disappear.
 *
 * @param patientName DICOM PN, family^given
 * @param birthDate DICOM DA, yyyyMMdd
 * @param sex M or F
 */
public record PatientIdentity(
        String patientName, String patientId, String issuerOfPatientId, String birthDate, String sex) {

    public PatientIdentity {
        requireNonNull(patientName, "patientName");
        requireNonNull(patientId, "patientId");
        requireNonNull(issuerOfPatientId, "issuerOfPatientId");
        requireNonNull(birthDate, "birthDate");
        requireNonNull(sex, "sex");
    }

    /** Every identifying value, as written. */
    public List<String> identifyingStrings() {
        return List.of(patientName, patientId, issuerOfPatientId, birthDate);
    }
}
