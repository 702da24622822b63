package org.deeplesion.jobs.mine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.dicom.SopClass;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.Partitions;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.CsvExtraction;
import org.deeplesion.recist.CsvMeasurement;
import org.deeplesion.recist.LesionIds;
import org.deeplesion.recist.MeasurementChecks;
import org.deeplesion.recist.MeasurementCsv;
import org.deeplesion.recist.PixelSpacing;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.recist.Split;
import org.deeplesion.recist.Splits;
import org.deeplesion.release.DeepLesionUids;
import org.deeplesion.release.DlInfoCsv;
import org.deeplesion.release.DlInfoFormatException;
import org.deeplesion.release.DlInfoRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns RECIST bookmarks into the {@code lesions} table: from the presentation states ingest indexed in
 * {@code objects} (read again on the executors), from a DeepLesion DL_info.csv, and from a plain measurement CSV.
 * Each measurement is checked against the slice it names; what fails becomes a {@code rejects} row (stage
 * {@code mine}) and the rest are mined. Lesion ids are derived from the image and endpoints, and rows are inserted
 * only when their id is new, so mining twice gives the same table.
 */
public final class MineJob {

    static final String STAGE = "mine";
    static final String GSPS = "gsps";
    static final String DEEPLESION_CSV = "deeplesion_csv";
    static final String MEASUREMENTS_CSV = "measurements_csv";
    private static final Logger LOG = LoggerFactory.getLogger(MineJob.class);

    private final SparkSession spark;
    private final MineOptions options;
    private final JobContext context;
    private final Lake lake;
    private final HadoopConf conf;

    public MineJob(SparkSession spark, MineOptions options) {
        this(spark, options, JobContext.system());
    }

    public MineJob(SparkSession spark, MineOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lakeRoot());
        this.conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    }

    /** What the lake knows of a measured slice. */
    private record SliceMeta(
            String patientKey,
            String studyUid,
            String seriesUid,
            int sliceIndex,
            int rows,
            int columns,
            double rowSpacing,
            double columnSpacing) {

        /** From a {@code slices} row with at least these columns (by name). */
        static SliceMeta of(Row r) {
            return new SliceMeta(
                    r.getAs("patient_key"),
                    r.getAs("study_uid"),
                    r.getAs("series_uid"),
                    r.<Integer>getAs("slice_index"),
                    r.<Integer>getAs("rows"),
                    r.<Integer>getAs("columns"),
                    r.<Double>getAs("row_spacing_mm"),
                    r.<Double>getAs("column_spacing_mm"));
        }
    }

    /** The measured slices, by "SOP Instance UID#frame index", and the SOP Instance UID of each source file. */
    private record LakeSlices(Map<String, SliceMeta> byImage, Map<String, String> sopByFile) {}

    /** A presentation state that ingest indexed: its file, and the images it refers to. */
    private record PresentationState(String source, List<String> referenced) {

        /** From an {@code objects} row with at least these columns (by name). */
        static PresentationState of(Row r) {
            return new PresentationState(r.getAs("source"), r.getList(r.fieldIndex("referenced_sop_instance_uids")));
        }
    }

    public MineSummary run() {
        try (JobRun run = JobRun.start(spark, lake, STAGE, context)) {
            return mine(run);
        }
    }

    private MineSummary mine(JobRun run) {
        if (!lake.exists(LakeTable.SLICES)) {
            throw new IllegalArgumentException("lake " + lake.root() + " has no slices table: run ingest first");
        }
        List<Reject> rejects = new ArrayList<>();
        List<PresentationState> states = presentationStates(run);
        List<DlInfoRow> dlRows = options.deepLesionCsv() == null ? List.of() : readDlInfo(rejects);
        CsvExtraction csv = options.measurementsCsv() == null ? null : readMeasurementCsv();
        if (csv != null) {
            csv.problems().forEach(p -> rejects.add(Reject.of(options.measurementsCsv(), p)));
        }
        LakeSlices slices = loadSlices(run, states, dlRows, csv);
        List<Measured> measured = new ArrayList<>();
        measured.addAll(presentationStateMeasurements(run, states, slices, rejects));
        measured.addAll(dlInfoMeasurements(dlRows));
        measured.addAll(csvMeasurements(csv, slices, rejects));
        List<Row> lesions = check(measured, slices, rejects, run.id());
        write(run, lesions, rejects);
        MineSummary summary = summarize(run, rejects.size());
        LOG.info(
                "mine {}: {} measurements read, {} lesions new, {} rejects",
                run.id(),
                measured.size(),
                summary.newLesions(),
                rejects.size());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("lake", options.lakeRoot());
        parameters.put("deeplesion_csv", String.valueOf(options.deepLesionCsv()));
        parameters.put("measurements_csv", String.valueOf(options.measurementsCsv()));
        parameters.put("seed", Long.toString(options.seed()));
        parameters.put("fractions", options.trainFraction() + "/" + options.validationFraction());
        return run.succeeded(summary, parameters);
    }

    /** The presentation states ingest indexed, or those of them the options name. */
    private List<PresentationState> presentationStates(JobRun run) {
        run.step("presentation states");
        List<PresentationState> states = lake.read(LakeTable.OBJECTS)
                .map(o -> o
                        .filter(col("sop_class_uid").equalTo(SopClass.GRAYSCALE_SOFTCOPY_PRESENTATION_STATE))
                        .select("source", "referenced_sop_instance_uids")
                        .collectAsList()
                        .stream()
                        .map(PresentationState::of)
                        .toList())
                .orElse(List.of());
        if (options.presentationStates() == null) {
            return states;
        }
        return states.stream()
                .filter(s -> options.presentationStates().contains(s.source()))
                .toList();
    }

    /** The slices that the measurements name, by SOP Instance UID or, for CSV rows that give one, by file. */
    private LakeSlices loadSlices(
            JobRun run, List<PresentationState> states, List<DlInfoRow> dlRows, CsvExtraction csv) {
        Set<String> sops = new LinkedHashSet<>();
        states.forEach(s -> sops.addAll(s.referenced()));
        dlRows.forEach(r -> sops.add(DeepLesionUids.slice(r.seriesKey(), r.keySliceIndex())));
        Set<String> files = new LinkedHashSet<>();
        for (CsvMeasurement m : csv == null ? List.<CsvMeasurement>of() : csv.measurements()) {
            if (m.sopInstanceUid() != null) {
                sops.add(m.sopInstanceUid());
            } else {
                files.add(m.file());
            }
        }
        LakeSlices out = new LakeSlices(new HashMap<>(), new HashMap<>());
        if (sops.isEmpty() && files.isEmpty()) {
            return out;
        }
        run.step("measured slices");
        var wanted =
                col("sop_instance_uid").isin(sops.toArray()).or(col("source").isin(files.toArray()));
        for (Row r : lake.read(LakeTable.SLICES)
                .orElseThrow()
                .filter(wanted)
                .select(
                        "sop_instance_uid",
                        "frame_index",
                        "patient_key",
                        "study_uid",
                        "series_uid",
                        "slice_index",
                        "rows",
                        "columns",
                        "row_spacing_mm",
                        "column_spacing_mm",
                        "source")
                .collectAsList()) {
            String sop = r.getAs("sop_instance_uid");
            out.byImage().put(sop + "#" + r.<Integer>getAs("frame_index"), SliceMeta.of(r));
            out.sopByFile().put(r.getAs("source"), sop);
        }
        return out;
    }

    /** Reads the presentation states on the executors; what cannot be read is rejected. */
    private List<Measured> presentationStateMeasurements(
            JobRun run, List<PresentationState> states, LakeSlices slices, List<Reject> rejects) {
        if (states.isEmpty()) {
            return List.of();
        }
        Map<String, int[]> sizes = new HashMap<>();
        slices.byImage()
                .forEach((key, meta) -> sizes.putIfAbsent(
                        key.substring(0, key.lastIndexOf('#')), new int[] {meta.rows(), meta.columns()}));
        List<String> sources =
                states.stream().map(PresentationState::source).distinct().toList();
        byte[] uidSecret = uidsReplaced() ? requireSecret() : null;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        run.step("read " + sources.size() + " presentation states");
        List<Measured> out = new ArrayList<>();
        for (GspsFinding f : jsc.parallelize(sources, Partitions.forItems(jsc, sources.size(), 16, 4))
                .mapPartitions(new GspsPass(conf, sizes, uidSecret))
                .collect()) {
            if (f.isProblem()) {
                rejects.add(f.reject());
            } else {
                out.add(f.measured());
            }
        }
        return out;
    }

    private List<Measured> dlInfoMeasurements(List<DlInfoRow> dlRows) {
        List<Measured> out = new ArrayList<>(dlRows.size());
        for (DlInfoRow row : dlRows) {
            out.add(new Measured(
                    DEEPLESION_CSV,
                    options.deepLesionCsv() + ":" + row.fileName(),
                    DeepLesionUids.slice(row.seriesKey(), row.keySliceIndex()),
                    0,
                    row.recist(),
                    null,
                    row.coarseLesionType().code(),
                    row.possiblyNoisy(),
                    row.slices().first() - 1,
                    row.slices().last() - 1,
                    row.split()));
        }
        return out;
    }

    /** The CSV's measurements; a row naming a file the lake does not have is rejected. */
    private List<Measured> csvMeasurements(CsvExtraction csv, LakeSlices slices, List<Reject> rejects) {
        if (csv == null) {
            return List.of();
        }
        List<Measured> out = new ArrayList<>();
        for (CsvMeasurement m : csv.measurements()) {
            String sop = m.sopInstanceUid() != null
                    ? m.sopInstanceUid()
                    : slices.sopByFile().get(m.file());
            String source = options.measurementsCsv() + ":" + m.lineNumber();
            if (sop == null) {
                rejects.add(Reject.of(source, source + ": file " + m.file() + " is not in slices"));
                continue;
            }
            out.add(new Measured(
                    MEASUREMENTS_CSV,
                    source,
                    sop,
                    m.frame() - 1,
                    m.measurement(),
                    m.label(),
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        return out;
    }

    /** Checks each measurement against the slice it names: the lesion rows of those that pass, rejects the rest. */
    private List<Row> check(List<Measured> measured, LakeSlices slices, List<Reject> rejects, String runId) {
        List<Row> lesions = new ArrayList<>();
        for (Measured m : measured) {
            SliceMeta meta = slices.byImage().get(m.sopInstanceUid() + "#" + m.frameIndex());
            if (meta == null) {
                rejects.add(Reject.of(
                        m.source(),
                        m.source() + ": image " + m.sopInstanceUid() + " frame " + (m.frameIndex() + 1)
                                + " is not in slices"));
                continue;
            }
            Optional<String> problem = MeasurementChecks.problem(m.recist(), meta.rows(), meta.columns());
            if (problem.isPresent()) {
                rejects.add(Reject.of(m.source(), m.source() + ": " + problem.get()));
                continue;
            }
            lesions.add(lesionRow(m, meta, runId));
        }
        return lesions;
    }

    private void write(JobRun run, List<Row> lesions, List<Reject> rejects) {
        run.step("write lesions and rejects");
        if (!lesions.isEmpty()) {
            lake.insertNew(LakeTable.LESIONS, lesions);
        } else if (!lake.exists(LakeTable.LESIONS)) {
            // An empty table rather than none, so that later stages say "no lesions", not "run mine first".
            lake.append(LakeTable.LESIONS, spark.createDataFrame(List.<Row>of(), LakeTable.LESIONS.schema()));
        }
        if (!rejects.isEmpty()) {
            List<Row> rows = new ArrayList<>(rejects.size());
            for (Reject r : rejects) {
                rows.add(r.row(STAGE, run.id(), run.timestamp()));
            }
            lake.insertNew(LakeTable.REJECTS, rows);
        }
    }

    /** The lake's lesions after this run, by source and split, and how many of them it added. */
    private MineSummary summarize(JobRun run, long rejects) {
        Map<String, Long> bySource = new TreeMap<>();
        Map<String, Long> bySplit = new TreeMap<>();
        long total = 0;
        long fresh = 0;
        for (Row r : lake.readOrEmpty(LakeTable.LESIONS)
                .groupBy("source_kind", "split", "run_id")
                .count()
                .collectAsList()) {
            long count = r.getAs("count");
            bySource.merge(r.getAs("source_kind"), count, Long::sum);
            bySplit.merge(r.getAs("split"), count, Long::sum);
            total += count;
            fresh += run.id().equals(r.getAs("run_id")) ? count : 0;
        }
        return new MineSummary(run.id(), total, fresh, bySource, bySplit, rejects, run.seconds());
    }

    private Row lesionRow(Measured m, SliceMeta meta, String runId) {
        RecistMeasurement r = m.recist();
        PixelSpacing spacing = new PixelSpacing(meta.columnSpacing(), meta.rowSpacing());
        BoundingBox box = BoundingBox.fromRecist(r, meta.rows(), meta.columns());
        Split split = m.split() != null
                ? m.split()
                : Splits.assign(
                        meta.patientKey(), options.seed(), options.trainFraction(), options.validationFraction());
        boolean two = r.hasShortAxis();
        return RowFactory.create(
                LesionIds.of(m.sopInstanceUid(), m.frameIndex() + 1, r),
                meta.patientKey(),
                meta.studyUid(),
                meta.seriesUid(),
                m.sopInstanceUid(),
                m.frameIndex(),
                meta.sliceIndex(),
                r.longStart().x(),
                r.longStart().y(),
                r.longEnd().x(),
                r.longEnd().y(),
                two ? r.shortStart().x() : null,
                two ? r.shortStart().y() : null,
                two ? r.shortEnd().x() : null,
                two ? r.shortEnd().y() : null,
                r.longDiameterPx(),
                two ? r.shortDiameterPx() : null,
                r.longDiameterMm(spacing),
                two ? r.shortDiameterMm(spacing) : null,
                box.x1(),
                box.y1(),
                box.x2(),
                box.y2(),
                m.sourceKind(),
                m.source(),
                m.label(),
                m.coarseType(),
                m.possiblyNoisy(),
                m.sliceRangeFirst(),
                m.sliceRangeLast(),
                split.name().toLowerCase(Locale.ROOT),
                runId);
    }

    private List<DlInfoRow> readDlInfo(List<Reject> rejects) {
        Path path = new Path(options.deepLesionCsv());
        try (Reader in = new InputStreamReader(path.getFileSystem(conf.get()).open(path), StandardCharsets.UTF_8)) {
            DlInfoCsv.Lenient parsed = DlInfoCsv.readLenient(options.deepLesionCsv(), in);
            for (DlInfoFormatException e : parsed.problems()) {
                rejects.add(Reject.of(e.source() + ":" + e.line(), e.getMessage()));
            }
            return parsed.rows();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + options.deepLesionCsv() + ": " + e.getMessage(), e);
        }
    }

    private CsvExtraction readMeasurementCsv() {
        Path path = new Path(options.measurementsCsv());
        try (Reader in = new InputStreamReader(path.getFileSystem(conf.get()).open(path), StandardCharsets.UTF_8)) {
            return MeasurementCsv.read(options.measurementsCsv(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + options.measurementsCsv() + ": " + e.getMessage(), e);
        }
    }

    /** Whether any ingest into this lake replaced UIDs, so the UIDs inside presentation states must be mapped. */
    private boolean uidsReplaced() {
        return lake.read(LakeTable.RUNS)
                .map(runs -> runs.filter(col("job").equalTo("ingest"))
                                .filter("parameters['replace_uids'] = 'true'")
                                .count()
                        > 0)
                .orElse(false);
    }

    private byte[] requireSecret() {
        if (options.secret() == null) {
            throw new IllegalArgumentException("this lake's UIDs were replaced at ingest: mining presentation states "
                    + "needs the same pseudonymisation secret (DEEPLESION_SECRET or spark.deeplesion.secret)");
        }
        return options.secret();
    }
}
