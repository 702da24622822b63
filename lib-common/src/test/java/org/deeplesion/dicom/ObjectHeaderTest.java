package org.deeplesion.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectHeaderTest {

    private static final byte[] SECRET = "a secret of sixteen bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer(SECRET);

    private static DicomDataset presentationState() {
        DicomDataset ps = new DicomDataset()
                .putString(Tag.SOPClassUID, Vr.UI, SopClass.GRAYSCALE_SOFTCOPY_PRESENTATION_STATE)
                .putString(Tag.SOPInstanceUID, Vr.UI, "1.9.1")
                .putString(Tag.StudyInstanceUID, Vr.UI, "1.2.1")
                .putString(Tag.SeriesInstanceUID, Vr.UI, "1.3.1")
                .putString(Tag.PatientID, Vr.LO, "P-0042")
                .putString(Tag.IssuerOfPatientID, Vr.LO, "HOSPITAL");
        DicomDataset series = ps.newItem();
        series.putSequence(
                Tag.ReferencedImageSequence,
                List.of(series.newItem().putString(Tag.ReferencedSOPInstanceUID, Vr.UI, "1.4.7")));
        return ps.putSequence(Tag.ReferencedSeriesSequence, List.of(series));
    }

    private static ObjectHeader header(DicomDataset ds, boolean replaceUids) {
        DicomFile file = new DicomFile("ps.dcm", new DicomDataset(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return ObjectHeader.of(file, PSEUDONYMIZER, replaceUids);
    }

    @Test
    void thePatientIsAKeyedPseudonymOfIssuerAndPatientId() {
        ObjectHeader header = header(presentationState(), false);

        assertThat(header.patientKey())
                .isEqualTo(PSEUDONYMIZER.patientKey("HOSPITAL", "P-0042"))
                .doesNotContain("P-0042");
    }

    @Test
    void anObjectWithoutPatientIdIsKeyedByItsStudy() {
        DicomDataset ps = presentationState();
        ps.remove(Tag.PatientID);

        assertThat(header(ps, false).patientKey()).isEqualTo(PSEUDONYMIZER.patientKey("HOSPITAL", "study:1.2.1"));
    }

    @Test
    void uidsAndReferencesAreKeptWhenNotReplaced() {
        ObjectHeader header = header(presentationState(), false);

        assertThat(List.of(header.studyUid(), header.seriesUid(), header.sopInstanceUid()))
                .containsExactly("1.2.1", "1.3.1", "1.9.1");
        assertThat(header.sopClassUid()).isEqualTo(SopClass.GRAYSCALE_SOFTCOPY_PRESENTATION_STATE);
        assertThat(header.referencedSopInstanceUids()).containsExactly("1.4.7");
    }

    @Test
    void everyUidAndReferenceIsReplacedAsTheSlicesAreWhenAsked() {
        ObjectHeader header = header(presentationState(), true);

        assertThat(List.of(header.studyUid(), header.seriesUid(), header.sopInstanceUid()))
                .containsExactly(PSEUDONYMIZER.uid("1.2.1"), PSEUDONYMIZER.uid("1.3.1"), PSEUDONYMIZER.uid("1.9.1"));
        assertThat(header.referencedSopInstanceUids()).containsExactly(PSEUDONYMIZER.uid("1.4.7"));
        assertThat(header.patientKey()).isEqualTo(PSEUDONYMIZER.patientKey("HOSPITAL", "P-0042"));
    }

    @Test
    void anObjectWithoutStudyOrSeriesUidIsKeptWithEmptyOnes() {
        DicomDataset ps = presentationState();
        ps.remove(Tag.StudyInstanceUID);
        ps.remove(Tag.SeriesInstanceUID);
        ps.remove(Tag.PatientID);

        ObjectHeader header = header(ps, false);

        assertThat(header.studyUid()).isEmpty();
        assertThat(header.seriesUid()).isEmpty();
        assertThat(header.patientKey()).isEqualTo(PSEUDONYMIZER.patientKey("HOSPITAL", "study:"));
    }
}
