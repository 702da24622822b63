package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Tag;
import org.deeplesion.recist.GraphicPixelCoordinates;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.release.DlInfoCsv;
import org.deeplesion.release.DlInfoRow;
import org.deeplesion.release.DlSeriesKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small cohort in both formats, generated once and examined file by file. */
class CohortGeneratorTest {

    private static final CohortSpec SPEC = CohortSpec.defaults(2, 7)
            .withImageSize(128, 128)
            .withPixelSpacingMm(2.5, 3.5)
            .withSlicesPerSeries(5, 6)
            .withStudiesPerPatient(1, 2)
            .withLesionsPerSeries(2, 3);

    @TempDir
    static Path dir;

    private static CohortSummary summary;
    private static CohortTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        summary = CohortGenerator.generate(SPEC, dir, EnumSet.of(OutputFormat.DICOM, OutputFormat.DEEPLESION));
        truth = CohortTruth.read(dir.resolve(CohortTruth.FILE_NAME));
    }

    @Test
    void summaryCountsWhatWasWritten() throws IOException {
        int slices = 0;
        for (PatientTruth patient : truth.patients()) {
            for (StudyTruth study : patient.studies()) {
                slices += study.series().get(0).sliceCount();
            }
        }
        int bookmarks =
                (int) truth.lesions().stream().filter(LesionTruth::bookmarked).count();

        assertThat(summary.patients()).isEqualTo(2);
        assertThat(summary.slices()).isEqualTo(slices);
        assertThat(summary.lesions()).isEqualTo(truth.lesions().size());
        assertThat(summary.bookmarkedLesions()).isEqualTo(bookmarks).isPositive();
        // Each slice as DICOM and PNG, each bookmark as a presentation state, truth.json and DL_info.csv.
        assertThat(summary.filesWritten()).isEqualTo(2 * slices + bookmarks + 2).isEqualTo((int) countFiles());
    }

    @Test
    void filesFollowTheDocumentedLayout() {
        PatientTruth first = truth.patients().get(0);
        Path study = dir.resolve("dicom")
                .resolve(CohortGenerator.patientFolder(first.patientIndex()))
                .resolve("1");

        assertThat(study.resolve("1").resolve("IM_0001.dcm")).isRegularFile();
        assertThat(study.resolve("PR")
                        .resolve(first.studies()
                                .get(0)
                                .series()
                                .get(0)
                                .presentationStateFiles()
                                .get(0)))
                .isRegularFile();
        assertThat(dir.resolve("Images_png").resolve("000001_01_01").resolve("001.png"))
                .isRegularFile();
        assertThat(dir.resolve("DL_info.csv")).isRegularFile();
    }

    @Test
    void truthRecordsTheSpec() {
        assertThat(truth.spec()).isEqualTo(SPEC);
    }

    @Test
    void ctSlicePassesDciodvfyWithoutErrors() throws Exception {
        LesionTruth lesion = truth.lesions().get(0);

        assertThat(Dciodvfy.errors(ctSlice(lesion, lesion.keySlice()))).isEmpty();
    }

    @Test
    void presentationStatePassesDciodvfyWithoutErrors() throws Exception {
        assertThat(Dciodvfy.errors(presentationState(firstBookmarked()))).isEmpty();
    }

    @Test
    void presentationStateDrawsTheRecistAxesOnTheKeySlice() throws IOException {
        LesionTruth lesion = firstBookmarked();
        DicomDataset ps = read(presentationState(lesion));

        DicomDataset annotation = ps.sequence(Tag.GraphicAnnotationSequence).get(0);
        assertThat(annotation.sequence(Tag.ReferencedImageSequence).get(0).string(Tag.ReferencedSOPInstanceUID))
                .isEqualTo(lesion.keySopInstanceUid());
        List<DicomDataset> lines = annotation.sequence(Tag.GraphicObjectSequence);
        assertThat(lines).hasSize(2).allSatisfy(line -> {
            assertThat(line.string(Tag.GraphicType)).isEqualTo("POLYLINE");
            assertThat(line.string(Tag.GraphicAnnotationUnits)).isEqualTo("PIXEL");
        });
        List<PixelPoint> longAxis =
                GraphicPixelCoordinates.fromGraphicData(lines.get(0).doubles(Tag.GraphicData));
        List<PixelPoint> shortAxis =
                GraphicPixelCoordinates.fromGraphicData(lines.get(1).doubles(Tag.GraphicData));
        RecistMeasurement recist = lesion.recist();
        assertClose(longAxis.get(0), recist.longStart());
        assertClose(longAxis.get(1), recist.longEnd());
        assertClose(shortAxis.get(0), recist.shortStart());
        assertClose(shortAxis.get(1), recist.shortEnd());
    }

    @Test
    void lesionCentreOnItsKeySliceHasTheLesionsDensity() throws IOException {
        List<LesionTruth> measurable =
                truth.lesions().stream().filter(CohortGeneratorTest::wideEnough).toList();
        assertThat(measurable).isNotEmpty();
        for (LesionTruth lesion : measurable) {
            DicomDataset slice = read(ctSlice(lesion, lesion.keySlice()));
            short[] hu = CtPixels.hu(slice);
            int columns = slice.intValue(Tag.Columns, 0);
            int cx = (int) Math.round(lesion.centrePx().x());
            int cy = (int) Math.round(lesion.centrePx().y());
            double sum = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    sum += hu[(cy + dy) * columns + cx + dx];
                }
            }
            // Nine pixels average the noise down to sigma / 3; four of those is a generous margin.
            double tolerance = 4 * SPEC.noiseSigmaHu() / 3 + lesion.textureAmplitudeHu();
            assertThat(sum / 9).as(lesion.lesionId()).isCloseTo(lesion.meanHu(), within(tolerance));
        }
    }

    @Test
    void pngSampleIsTheDicomHuPlus32768() throws IOException {
        LesionTruth lesion = truth.lesions().get(0);
        short[] hu = CtPixels.hu(read(ctSlice(lesion, lesion.keySlice())));
        Path png = dir.resolve("Images_png")
                .resolve(new DlSeriesKey(lesion.patientIndex(), lesion.studyIndex(), 1).folderName())
                .resolve(DlSeriesKey.sliceFileName(lesion.keySlice() + 1));

        Raster raster = ImageIO.read(png.toFile()).getRaster();
        int[] samples = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0, (int[]) null);
        int[] expected = new int[hu.length];
        for (int i = 0; i < hu.length; i++) {
            expected[i] = hu[i] + 32768;
        }
        assertThat(samples).containsExactly(expected);
    }

    @Test
    void dlInfoListsExactlyTheBookmarkedLesions() throws IOException {
        List<DlInfoRow> rows = DlInfoCsv.read(dir.resolve("DL_info.csv"));
        List<LesionTruth> bookmarked =
                truth.lesions().stream().filter(LesionTruth::bookmarked).toList();

        assertThat(rows).hasSameSizeAs(bookmarked);
        for (LesionTruth lesion : bookmarked) {
            String fileName = new DlSeriesKey(lesion.patientIndex(), lesion.studyIndex(), 1)
                    .keySliceFileName(lesion.keySlice() + 1);
            DlInfoRow row = rows.stream()
                    .filter(r -> r.fileName().equals(fileName)
                            && Math.abs(r.recist().longStart().x()
                                            - lesion.recist().longStart().x())
                                    < 1e-3)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + lesion.lesionId()));
            assertClose(row.recist().shortEnd(), lesion.recist().shortEnd());
            assertThat(row.box().x1()).isCloseTo(lesion.deepLesionBox().x1(), within(1e-4));
            assertThat(row.box().y2()).isCloseTo(lesion.deepLesionBox().y2(), within(1e-4));
            assertThat(row.coarseLesionType()).isEqualTo(lesion.coarseType());
            assertThat(row.longDiameterPx()).isCloseTo(lesion.longDiameterPx(), within(1e-4));
        }
    }

    @Test
    void identifiersInHeadersAreThoseInTheTruth() throws IOException {
        PatientTruth patient = truth.patients().get(0);
        StudyIdentity study = patient.studies().get(0).identity();
        DicomDataset ct = read(dir.resolve("dicom")
                .resolve(CohortGenerator.patientFolder(patient.patientIndex()))
                .resolve("1")
                .resolve("1")
                .resolve("IM_0001.dcm"));

        assertThat(ct.string(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(ct.string(Tag.PatientName))
                .isEqualTo(patient.identity().patientName())
                .matches(".*[^\\x00-\\x7F].*");
        assertThat(ct.string(Tag.PatientID)).isEqualTo(patient.identity().patientId());
        assertThat(ct.string(Tag.PatientBirthDate)).isEqualTo(patient.identity().birthDate());
        assertThat(ct.string(Tag.PatientSex)).isEqualTo(patient.identity().sex());
        assertThat(ct.string(Tag.PatientAge)).isEqualTo(study.patientAge());
        assertThat(ct.string(Tag.AccessionNumber)).isEqualTo(study.accessionNumber());
        assertThat(ct.string(Tag.StudyID)).isEqualTo(study.studyId());
        assertThat(ct.string(Tag.InstitutionName)).isEqualTo(study.institutionName());
        assertThat(ct.string(Tag.InstitutionAddress)).isEqualTo(study.institutionAddress());
        assertThat(ct.string(Tag.ReferringPhysicianName)).isEqualTo(study.referringPhysicianName());
        assertThat(ct.string(Tag.PerformingPhysicianName)).isEqualTo(study.performingPhysicianName());
        assertThat(ct.string(Tag.OperatorsName)).isEqualTo(study.operatorsName());
        assertThat(ct.string(Tag.StationName)).isEqualTo(study.stationName());
        assertThat(ct.string(Tag.DeviceSerialNumber)).isEqualTo(study.deviceSerialNumber());
    }

    @Test
    void presentationStateNamesItsPatientAndReader() throws IOException {
        LesionTruth lesion = firstBookmarked();
        PatientTruth patient = truth.patients().get(lesion.patientIndex() - 1);
        StudyIdentity study = patient.studies().get(lesion.studyIndex() - 1).identity();
        DicomDataset ps = read(presentationState(lesion));

        assertThat(ps.string(Tag.PatientName)).isEqualTo(patient.identity().patientName());
        assertThat(ps.string(Tag.StudyInstanceUID)).isEqualTo(lesion.studyInstanceUid());
        assertThat(ps.string(Tag.ContentCreatorName)).isEqualTo(study.readingPhysicianName());
    }

    @Test
    void truthJsonHoldsEveryIdentifierWritten() throws IOException {
        String json = Files.readString(dir.resolve(CohortTruth.FILE_NAME), StandardCharsets.UTF_8);

        for (PatientTruth patient : truth.patients()) {
            assertThat(patient.identifyingStrings())
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(json).contains(s));
        }
    }

    @Test
    void slicesStepByTheSliceInterval() throws IOException {
        LesionTruth lesion = truth.lesions().get(0);
        SeriesTruth series = truth.patients()
                .get(lesion.patientIndex() - 1)
                .studies()
                .get(lesion.studyIndex() - 1)
                .series()
                .get(0);
        for (int k = 0; k < series.sliceCount(); k++) {
            DicomDataset slice = read(ctSlice(lesion, k));
            double z = series.firstSliceZMm() - k * series.sliceIntervalMm();
            assertThat(slice.intValue(Tag.InstanceNumber, 0)).isEqualTo(k + 1);
            assertThat(slice.doubles(Tag.ImagePositionPatient)[2]).isCloseTo(z, within(1e-6));
            assertThat(slice.doubleValue(Tag.SliceLocation, Double.NaN)).isCloseTo(z, within(1e-6));
            assertThat(slice.doubleValue(Tag.SliceThickness, 0)).isEqualTo(series.sliceIntervalMm());
            assertThat(slice.doubleValue(Tag.SpacingBetweenSlices, 0)).isEqualTo(series.sliceIntervalMm());
            assertThat(slice.doubles(Tag.PixelSpacing))
                    .containsExactly(series.pixelSpacingMm(), series.pixelSpacingMm());
            assertThat(slice.string(Tag.SOPInstanceUID))
                    .isEqualTo(series.sopInstanceUids().get(k));
        }
    }

    @Test
    void uidsAreDistinctDicomUids() {
        List<String> uids = new ArrayList<>();
        for (PatientTruth patient : truth.patients()) {
            for (StudyTruth study : patient.studies()) {
                uids.add(study.studyInstanceUid());
                SeriesTruth series = study.series().get(0);
                uids.add(series.seriesInstanceUid());
                uids.add(series.frameOfReferenceUid());
                uids.add(series.presentationSeriesInstanceUid());
                uids.addAll(series.sopInstanceUids());
            }
        }
        truth.lesions().stream()
                .filter(LesionTruth::bookmarked)
                .forEach(l -> uids.add(l.presentationStateSopInstanceUid()));

        assertThat(uids)
                .doesNotHaveDuplicates()
                .allSatisfy(uid ->
                        assertThat(uid).matches("2\\.25\\.(0|[1-9][0-9]*)").hasSizeLessThanOrEqualTo(64));
    }

    /** Lesions whose key cross-section is at least 3 px across its short semi-axis, so blur leaves the centre. */
    private static boolean wideEnough(LesionTruth lesion) {
        return lesion.shortDiameterPx() / 2 >= 3;
    }

    private static LesionTruth firstBookmarked() {
        return truth.lesions().stream()
                .filter(LesionTruth::bookmarked)
                .findFirst()
                .orElseThrow();
    }

    private static Path ctSlice(LesionTruth lesion, int slice) {
        return studyDir(lesion).resolve("1").resolve(String.format(Locale.ROOT, "IM_%04d.dcm", slice + 1));
    }

    private static Path presentationState(LesionTruth lesion) {
        SeriesTruth series = truth.patients()
                .get(lesion.patientIndex() - 1)
                .studies()
                .get(lesion.studyIndex() - 1)
                .series()
                .get(0);
        int bookmark = 0;
        for (LesionTruth other : truth.lesions()) {
            if (other.bookmarked()
                    && other.patientIndex() == lesion.patientIndex()
                    && other.studyIndex() == lesion.studyIndex()) {
                if (other == lesion) {
                    break;
                }
                bookmark++;
            }
        }
        return studyDir(lesion)
                .resolve("PR")
                .resolve(series.presentationStateFiles().get(bookmark));
    }

    private static Path studyDir(LesionTruth lesion) {
        return dir.resolve("dicom")
                .resolve(CohortGenerator.patientFolder(lesion.patientIndex()))
                .resolve(Integer.toString(lesion.studyIndex()));
    }

    private static DicomDataset read(Path file) throws IOException {
        DicomFile dicom = new DicomReader().read(file);
        return dicom.dataset();
    }

    private static long countFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void assertClose(PixelPoint actual, PixelPoint expected) {
        // Graphic Data is 32-bit float.
        assertThat(actual.x()).isCloseTo(expected.x(), within(1e-3));
        assertThat(actual.y()).isCloseTo(expected.y(), within(1e-3));
    }
}
