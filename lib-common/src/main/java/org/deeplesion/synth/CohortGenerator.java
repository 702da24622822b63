package org.deeplesion.synth;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.deeplesion.dicom.DicomWriter;
import org.deeplesion.dicom.TransferSyntax;
import org.deeplesion.release.DeepLesionPng;
import org.deeplesion.release.DlInfoCsv;
import org.deeplesion.release.DlInfoRow;
import org.deeplesion.release.DlSeriesKey;
import org.deeplesion.release.HuImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a synthetic CT cohort so that every stage can run without patient data. Layout under the output folder:
 * <pre>
 * truth.json                                         every lesion, bookmarked or not, and every identifier written
 * dicom/&lt;PatientID&gt;/&lt;study&gt;/&lt;series&gt;/IM_0001.dcm      CT slices (DICOM)
 * dicom/&lt;PatientID&gt;/&lt;study&gt;/PR/PS_0001.dcm           one presentation state per bookmark (DICOM)
 * Images_png/000001_01_01/001.png                    16-bit PNG slices, HU + 32768 (DEEPLESION)
 * DL_info.csv                                        the bookmarked lesions (DEEPLESION)
 * </pre>
 * Study and series folders are named by their 1-based index. The same spec gives byte-identical files.
 */
public final class CohortGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(CohortGenerator.class);
    public static final String DICOM_FOLDER = "dicom";
    public static final String PRESENTATION_FOLDER = "PR";
    public static final String DL_INFO_FILE = "DL_info.csv";

    private final CohortSpec spec;
    private final Path outDir;
    private final Set<OutputFormat> formats;
    private final SliceRenderer renderer;
    private final short[] hu;
    private int files;
    private int slices;

    private CohortGenerator(CohortSpec spec, Path outDir, Set<OutputFormat> formats) {
        this.spec = spec;
        this.outDir = outDir;
        this.formats = formats;
        this.renderer = new SliceRenderer(spec.rows(), spec.columns());
        this.hu = new short[spec.rows() * spec.columns()];
    }

    /**
     * Writes the cohort under {@code outDir}, which is created if needed. truth.json is always written; an empty
     * set of formats writes only the truth, which is quick because nothing is rendered.
     */
    public static CohortSummary generate(CohortSpec spec, Path outDir, Set<OutputFormat> formats) throws IOException {
        requireNonNull(spec, "spec");
        requireNonNull(outDir, "outDir");
        requireNonNull(formats, "formats");
        Files.createDirectories(outDir);
        Set<OutputFormat> chosen = formats.isEmpty() ? EnumSet.noneOf(OutputFormat.class) : EnumSet.copyOf(formats);
        return new CohortGenerator(spec, outDir, chosen).run();
    }

    private CohortSummary run() throws IOException {
        CohortPlanner planner = new CohortPlanner(spec);
        List<PatientTruth> patients = new ArrayList<>(spec.patients());
        List<LesionTruth> lesions = new ArrayList<>();
        List<DlInfoRow> dlInfo = new ArrayList<>();
        int studies = 0;
        for (int p = 1; p <= spec.patients(); p++) {
            PatientPlan patient = planner.patient(p);
            List<StudyTruth> studyTruths = new ArrayList<>(patient.studies().size());
            for (StudyPlan study : patient.studies()) {
                studies++;
                List<LesionTruth> studyLesions = new ArrayList<>(study.lesions().size());
                for (Lesion lesion : study.lesions()) {
                    studyLesions.add(LesionTruths.of(study, lesion));
                }
                if (!formats.isEmpty()) {
                    renderSeries(patient.anatomy(), study);
                }
                List<String> presentationFiles =
                        formats.contains(OutputFormat.DICOM) ? writePresentationStates(study, studyLesions) : List.of();
                if (formats.contains(OutputFormat.DEEPLESION)) {
                    for (LesionTruth lesion : studyLesions) {
                        if (lesion.bookmarked()) {
                            dlInfo.add(DeepLesionRows.of(patient, study, lesion));
                        }
                    }
                }
                lesions.addAll(studyLesions);
                studyTruths.add(new StudyTruth(
                        study.studyIndex(),
                        study.studyInstanceUid(),
                        study.identity(),
                        List.of(seriesTruth(study, presentationFiles))));
            }
            patients.add(new PatientTruth(p, patient.identity(), patient.split(), studyTruths));
            LOG.debug("patient {} of {} generated", p, spec.patients());
        }
        new CohortTruth(CohortTruth.FORMAT_VERSION, spec, patients, lesions)
                .write(outDir.resolve(CohortTruth.FILE_NAME));
        files++;
        if (formats.contains(OutputFormat.DEEPLESION)) {
            dlInfo.sort(Comparator.comparing(DlInfoRow::fileName));
            DlInfoCsv.write(outDir.resolve(DL_INFO_FILE), dlInfo);
            files++;
        }
        int bookmarked = (int) lesions.stream().filter(LesionTruth::bookmarked).count();
        return new CohortSummary(spec.patients(), studies, studies, slices, lesions.size(), bookmarked, files);
    }

    private void renderSeries(Anatomy anatomy, StudyPlan study) throws IOException {
        SeriesGeometry g = study.geometry();
        PixelEncoding encoding = study.scanner().encoding();
        CtImageBuilder builder = new CtImageBuilder(study, spec.transferSyntax());
        Path dicomDir = dicomStudyDir(study).resolve(Integer.toString(StudyPlan.SERIES_INDEX));
        Path pngDir = outDir.resolve(DlSeriesKey.IMAGES_FOLDER)
                .resolve(seriesKey(study).folderName());
        if (formats.contains(OutputFormat.DICOM)) {
            Files.createDirectories(dicomDir);
        }
        if (formats.contains(OutputFormat.DEEPLESION)) {
            Files.createDirectories(pngDir);
        }
        for (int k = 0; k < g.sliceCount(); k++) {
            double t = g.t(k);
            List<Region> regions = new ArrayList<>();
            for (Region region : anatomy.regionsAt(t)) {
                regions.add(g.toPixels(region));
            }
            for (Lesion lesion : study.lesions()) {
                Region region = lesion.region(t);
                if (region != null) {
                    regions.add(g.toPixels(region));
                }
            }
            SplittableRandom noise = Seeds.random(spec.seed(), "noise", study.patientIndex(), study.studyIndex(), k);
            renderer.render(
                    regions, spec.edgeBlur(), spec.noiseSigmaHu(), noise, encoding.minHu(), encoding.maxHu(), hu);
            if (formats.contains(OutputFormat.DICOM)) {
                DicomWriter.write(
                        builder.slice(k, hu),
                        spec.transferSyntax(),
                        dicomDir.resolve(String.format(Locale.ROOT, "IM_%04d.dcm", k + 1)));
                files++;
            }
            if (formats.contains(OutputFormat.DEEPLESION)) {
                DeepLesionPng.write(
                        pngDir.resolve(DlSeriesKey.sliceFileName(k + 1)), new HuImage(g.rows(), g.columns(), hu));
                files++;
            }
            slices++;
        }
    }

    private List<String> writePresentationStates(StudyPlan study, List<LesionTruth> truths) throws IOException {
        PresentationStateBuilder builder = new PresentationStateBuilder(study);
        Path dir = dicomStudyDir(study).resolve(PRESENTATION_FOLDER);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < study.lesions().size(); i++) {
            Lesion lesion = study.lesions().get(i);
            if (!lesion.bookmarked()) {
                continue;
            }
            if (names.isEmpty()) {
                Files.createDirectories(dir);
            }
            String name = String.format(Locale.ROOT, "PS_%04d.dcm", names.size() + 1);
            DicomWriter.write(
                    builder.bookmark(lesion, truths.get(i).recist(), names.size() + 1),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    dir.resolve(name));
            names.add(name);
            files++;
        }
        return names;
    }

    private Path dicomStudyDir(StudyPlan study) {
        return outDir.resolve(DICOM_FOLDER)
                .resolve(patientFolder(study.patientIndex()))
                .resolve(Integer.toString(study.studyIndex()));
    }

    /**
     * The folder of a patient's studies under {@code dicom/}: named by index, never by patient ID or name, since
     * paths travel into the lake as provenance.
     */
    public static String patientFolder(int patientIndex) {
        return String.format(Locale.ROOT, "patient_%04d", patientIndex);
    }

    static DlSeriesKey seriesKey(StudyPlan study) {
        return new DlSeriesKey(study.patientIndex(), study.studyIndex(), StudyPlan.SERIES_INDEX);
    }

    private static SeriesTruth seriesTruth(StudyPlan study, List<String> presentationFiles) {
        SeriesGeometry g = study.geometry();
        return new SeriesTruth(
                StudyPlan.SERIES_INDEX,
                study.seriesInstanceUid(),
                study.frameOfReferenceUid(),
                study.scanner().manufacturer(),
                study.scanner().modelName(),
                study.scanner().encoding(),
                g.rows(),
                g.columns(),
                g.spacingMm(),
                g.intervalMm(),
                g.sliceCount(),
                g.z(0),
                study.windowCenter(),
                study.windowWidth(),
                study.sliceUids(),
                study.presentationSeriesInstanceUid(),
                presentationFiles);
    }
}
