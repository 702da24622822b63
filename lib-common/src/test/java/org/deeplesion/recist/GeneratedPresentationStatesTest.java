package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Tag;
import org.deeplesion.synth.CohortGenerator;
import org.deeplesion.synth.CohortSpec;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.deeplesion.synth.OutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads back every bookmark the synthetic generator wrote and compares it with the cohort's truth. */
class GeneratedPresentationStatesTest {

    /**
     * Seed 41 places a round lesion (000003_01_01_L02) whose equal axes come back from float32 Graphic Data with the
     * short one a hair longer, which is what keeps the pairing's tie rule honest.
     */
    private static final CohortSpec SPEC = CohortSpec.defaults(3, 41)
            .withImageSize(128, 128)
            .withPixelSpacingMm(2.5, 3.5)
            .withSlicesPerSeries(4, 5)
            .withStudiesPerPatient(1, 2)
            .withLesionsPerSeries(2, 3)
            .withUnbookmarkedShare(0.2);

    @TempDir
    static Path dir;

    private static CohortTruth truth;
    private static final Map<String, ImageSize> SIZES = new HashMap<>();
    private static final Map<String, Extraction> EXTRACTIONS = new HashMap<>();

    @BeforeAll
    static void generateAndExtract() throws IOException {
        CohortGenerator.generate(SPEC, dir, EnumSet.of(OutputFormat.DICOM));
        truth = CohortTruth.read(dir.resolve(CohortTruth.FILE_NAME));
        DicomReader headers = new DicomReader(DicomReader.Options.headersOnly());
        List<Path> presentationStates = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve(CohortGenerator.DICOM_FOLDER))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".dcm"))
                    .toList()) {
                if (file.getFileName().toString().startsWith("PS_")) {
                    presentationStates.add(file);
                } else {
                    DicomDataset slice = headers.read(file).dataset();
                    SIZES.put(
                            slice.string(Tag.SOPInstanceUID),
                            new ImageSize(slice.intValue(Tag.Rows, 0), slice.intValue(Tag.Columns, 0)));
                }
            }
        }
        for (Path file : presentationStates) {
            DicomDataset ps = new DicomReader().read(file).dataset();
            EXTRACTIONS.put(
                    ps.string(Tag.SOPInstanceUID),
                    PresentationStateMeasurements.extract(ps, uid -> Optional.ofNullable(SIZES.get(uid))));
        }
    }

    @Test
    void everyBookmarkHasOnePresentationState() {
        List<String> bookmarked = bookmarked().stream()
                .map(LesionTruth::presentationStateSopInstanceUid)
                .toList();

        assertThat(bookmarked).isNotEmpty();
        assertThat(EXTRACTIONS.keySet()).containsExactlyInAnyOrderElementsOf(bookmarked);
    }

    @Test
    void eachPresentationStateYieldsOneTwoAxisMeasurementWithoutProblems() {
        assertThat(EXTRACTIONS.values()).allSatisfy(extraction -> {
            assertThat(extraction.problems()).isEmpty();
            assertThat(extraction.measurements()).hasSize(1);
            assertThat(extraction.measurements().get(0).measurement().hasShortAxis())
                    .isTrue();
        });
    }

    @Test
    void measurementIsOnTheKeySliceWithTheTruthsEndpoints() {
        for (LesionTruth lesion : bookmarked()) {
            ExtractedMeasurement found = EXTRACTIONS
                    .get(lesion.presentationStateSopInstanceUid())
                    .measurements()
                    .get(0);
            RecistMeasurement expected = lesion.recist();

            assertThat(found.referencedSopInstanceUid()).as(lesion.lesionId()).isEqualTo(lesion.keySopInstanceUid());
            assertThat(found.referencedFrame()).isEqualTo(1);
            assertClose(lesion, found.measurement().longStart(), expected.longStart());
            assertClose(lesion, found.measurement().longEnd(), expected.longEnd());
            assertClose(lesion, found.measurement().shortStart(), expected.shortStart());
            assertClose(lesion, found.measurement().shortEnd(), expected.shortEnd());
        }
    }

    @Test
    void measurementPassesTheChecksAgainstTheKeySlicesSize() {
        for (LesionTruth lesion : bookmarked()) {
            ExtractedMeasurement found = EXTRACTIONS
                    .get(lesion.presentationStateSopInstanceUid())
                    .measurements()
                    .get(0);
            ImageSize size = SIZES.get(found.referencedSopInstanceUid());

            assertThat(MeasurementChecks.problem(found.measurement(), size.rows(), size.columns()))
                    .as(lesion.lesionId())
                    .isEmpty();
        }
    }

    @Test
    void measurementCarriesTheLayerAndTheDiameterText() {
        for (LesionTruth lesion : bookmarked()) {
            ExtractedMeasurement found = EXTRACTIONS
                    .get(lesion.presentationStateSopInstanceUid())
                    .measurements()
                    .get(0);

            assertThat(found.graphicLayer()).isEqualTo("RECIST");
            assertThat(found.label())
                    .isEqualTo(String.format(
                            Locale.ROOT, "%.1f mm x %.1f mm", lesion.longDiameterMm(), lesion.shortDiameterMm()));
        }
    }

    private static List<LesionTruth> bookmarked() {
        return truth.lesions().stream().filter(LesionTruth::bookmarked).toList();
    }

    private static void assertClose(LesionTruth lesion, PixelPoint actual, PixelPoint expected) {
        assertThat(actual.x()).as(lesion.lesionId() + " x").isCloseTo(expected.x(), within(0.01));
        assertThat(actual.y()).as(lesion.lesionId() + " y").isCloseTo(expected.y(), within(0.01));
    }
}
