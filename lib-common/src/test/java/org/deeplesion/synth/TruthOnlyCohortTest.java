package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deeplesion.recist.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large cohort planned without pixels, for the statistics of what the generator draws. */
class TruthOnlyCohortTest {

    @TempDir
    static Path dir;

    private static CohortSummary summary;
    private static CohortTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        summary = CohortGenerator.generate(CohortSpec.defaults(150, 5), dir, Set.of());
        truth = CohortTruth.read(dir.resolve(CohortTruth.FILE_NAME));
    }

    @Test
    void emptyFormatSetWritesOnlyTheTruth() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CohortTruth.FILE_NAME);
        }
        assertThat(summary.filesWritten()).isEqualTo(1);
    }

    @Test
    void unbookmarkedShareIsRespectedApproximately() {
        double unbookmarked =
                truth.lesions().stream().filter(l -> !l.bookmarked()).count()
                        / (double) truth.lesions().size();

        assertThat(truth.lesions()).hasSizeGreaterThan(400);
        assertThat(unbookmarked).isCloseTo(0.2, within(0.05));
    }

    @Test
    void unbookmarkedLesionsHaveNoPresentationState() {
        assertThat(truth.lesions())
                .allSatisfy(l ->
                        assertThat(l.presentationStateSopInstanceUid() != null).isEqualTo(l.bookmarked()));
    }

    @Test
    void everyLesionTypeOccurs() {
        assertThat(truth.lesions().stream().map(LesionTruth::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(LesionType.values());
    }

    @Test
    void lesionSizesStayWithinTheirTypesRange() {
        for (LesionTruth lesion : truth.lesions()) {
            double diameter = 2 * lesion.semiAxesMm().a();
            // The planner may enlarge a lesion to be at least 4 pixels across; defaults' pixels are under 1 mm.
            assertThat(diameter)
                    .as(lesion.lesionId())
                    .isBetween(
                            lesion.type().diameterMm().min(),
                            lesion.type().diameterMm().max());
        }
    }

    @Test
    void patientsAreSplitSeventyFifteenFifteen() {
        long train =
                truth.patients().stream().filter(p -> p.split() == Split.TRAIN).count();
        long test =
                truth.patients().stream().filter(p -> p.split() == Split.TEST).count();

        assertThat(train / 150.0).isCloseTo(0.7, within(0.1));
        assertThat(test / 150.0).isCloseTo(0.15, within(0.08));
    }

    @Test
    void patientsHaveOneToThreeStudiesMonthsApart() {
        for (PatientTruth patient : truth.patients()) {
            assertThat(patient.studies()).hasSizeBetween(1, 3);
            for (int i = 1; i < patient.studies().size(); i++) {
                int previous =
                        Integer.parseInt(patient.studies().get(i - 1).identity().studyDate());
                int next = Integer.parseInt(patient.studies().get(i).identity().studyDate());
                assertThat(next).isGreaterThan(previous + 100);
            }
        }
    }

    @Test
    void nonAsciiAndAsciiNamesBothOccur() {
        Set<Boolean> ascii = truth.patients().stream()
                .map(p -> p.identity().patientName().chars().allMatch(c -> c < 0x80))
                .collect(Collectors.toSet());

        assertThat(ascii).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void everyPixelEncodingOccurs() {
        Set<PixelEncoding> encodings = truth.patients().stream()
                .flatMap(p -> p.studies().stream())
                .map(s -> s.series().get(0).pixelEncoding())
                .collect(Collectors.toSet());

        assertThat(encodings).containsExactlyInAnyOrder(PixelEncoding.values());
    }

    @Test
    void defaultSeriesHave24To48SlicesAndClinicalSpacings() {
        truth.patients().stream()
                .flatMap(p -> p.studies().stream())
                .map(s -> s.series().get(0))
                .forEach(s -> {
                    assertThat(s.sliceCount()).isBetween(24, 48);
                    assertThat(s.pixelSpacingMm()).isBetween(0.6, 0.95);
                    assertThat(s.sliceIntervalMm()).isBetween(1.0, 5.0);
                });
    }
}
