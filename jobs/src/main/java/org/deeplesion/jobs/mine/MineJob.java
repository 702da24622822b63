package org.deeplesion.jobs.mine;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.dicom.SopClass;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.lake.RunLog;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.Partitions;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.CsvExtraction;
import org.deeplesion.recist.CsvMeasurement;
import org.deeplesion.recist.LesionIds;
import org.deeplesion.recist.MeasurementChecks;
import org.deeplesion.recist.MeasurementCsv;
import org.deeplesion.recist.PixelPoint;
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

    public MineJob(SparkSession spark, MineOptions options) {
        this.spark = spark;
        this.options = options;
    }

    /** What the lake knows of a measured slice. */
    private record SliceMeta(String patientKey, String studyUid, String seriesUid, int sliceIndex, int rows,
            int columns, double rowSpacing, double columnSpacing) {
    }

    public MineSummary run() {
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        Lake lake = new Lake(spark, options.lakeRoot());
        if (!lake.exists(LakeTable.SLICES)) {
            throw new IllegalArgumentException("lake " + lake.root() + " has no slices table: run ingest first");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopConf conf = new HadoopConf(jsc.hadoopConfiguration());
        List<String> rejects = new ArrayList<>();
        List<Measured> measured = new ArrayList<>();

        List<Row> presentationStates = lake.read(LakeTable.OBJECTS).map(o -> o
                .filter(col("sop_class_uid").equalTo(SopClass.GRAYSCALE_SOFTCOPY_PRESENTATION_STATE))
                .select("source", "referenced_sop_instance_uids").collectAsList()).orElse(List.of());
        if (options.presentationStates() != null) {
            presentationStates = presentationStates.stream()
                    .filter(r -> options.presentationStates().contains(r.getString(0))).toList();
        }
        List<DlInfoRow> dlRows = options.deepLesionCsv() == null ? List.of() : readDlInfo(conf, rejects);
        CsvExtraction csv = options.measurementsCsv() == null ? null : readMeasurementCsv(conf);
        if (csv != null) {
            csv.problems().forEach(p -> rejects.add(reject(options.measurementsCsv(), p)));
        }

        Set<String> wantedSops = new LinkedHashSet<>();
        presentationStates.forEach(r -> wantedSops.addAll(r.getList(1)));
        dlRows.forEach(r -> wantedSops.add(DeepLesionUids.slice(r.seriesKey(), r.keySliceIndex())));
        Set<String> wantedFiles = new LinkedHashSet<>();
        if (csv != null) {
            for (CsvMeasurement m : csv.measurements()) {
                if (m.sopInstanceUid() != null) {
                    wantedSops.add(m.sopInstanceUid());
                } else {
                    wantedFiles.add(m.file());
                }
            }
        }
        Map<String, SliceMeta> slices = new HashMap<>();
        Map<String, String> sopByFile = new HashMap<>();
        loadSlices(lake, wantedSops, wantedFiles, slices, sopByFile);

        if (!presentationStates.isEmpty()) {
            Map<String, int[]> sizes = new HashMap<>();
            slices.forEach((key, meta) -> sizes.putIfAbsent(key.substring(0, key.lastIndexOf('#')),
                    new int[] {meta.rows(), meta.columns()}));
            List<String> sources = presentationStates.stream().map(r -> r.getString(0)).distinct().toList();
            byte[] uidSecret = uidsReplaced(lake) ? requireSecret() : null;
            for (Row r : jsc.parallelize(sources, Partitions.forItems(jsc, sources.size(), 16, 4))
                    .mapPartitions(new GspsPass(conf, sizes, uidSecret)).collect()) {
                if (r.isNullAt(1)) {
                    rejects.add(reject(r.getString(0), r.getString(12)));
                    continue;
                }
                RecistMeasurement m = r.isNullAt(7)
                        ? RecistMeasurement.longAxisOnly(point(r, 3), point(r, 5))
                        : RecistMeasurement.twoAxes(point(r, 3), point(r, 5), point(r, 7), point(r, 9));
                measured.add(new Measured(GSPS, r.getString(0), r.getString(1), r.getInt(2), m,
                        r.isNullAt(11) ? null : r.getString(11), null, null, null, null, null));
            }
        }
        for (DlInfoRow row : dlRows) {
            measured.add(new Measured(DEEPLESION_CSV, options.deepLesionCsv() + ":" + row.fileName(),
                    DeepLesionUids.slice(row.seriesKey(), row.keySliceIndex()), 0, row.recist(), null,
                    row.coarseLesionType().code(), row.possiblyNoisy(), row.slices().first() - 1,
                    row.slices().last() - 1, row.split()));
        }
        if (csv != null) {
            for (CsvMeasurement m : csv.measurements()) {
                String sop = m.sopInstanceUid() != null ? m.sopInstanceUid() : sopByFile.get(m.file());
                String source = options.measurementsCsv() + ":" + m.lineNumber();
                if (sop == null) {
                    rejects.add(reject(source, source + ": file " + m.file() + " is not in slices"));
                    continue;
                }
                measured.add(new Measured(MEASUREMENTS_CSV, source, sop, m.frame() - 1, m.measurement(), m.label(),
                        null, null, null, null, null));
            }
        }

        List<Row> lesions = new ArrayList<>();
        for (Measured m : measured) {
            SliceMeta meta = slices.get(m.sopInstanceUid() + "#" + m.frameIndex());
            if (meta == null) {
                rejects.add(reject(m.source(), m.source() + ": image " + m.sopInstanceUid() + " frame "
                        + (m.frameIndex() + 1) + " is not in slices"));
                continue;
            }
            Optional<String> problem = MeasurementChecks.problem(m.recist(), meta.rows(), meta.columns());
            if (problem.isPresent()) {
                rejects.add(reject(m.source(), m.source() + ": " + problem.get()));
                continue;
            }
            lesions.add(lesionRow(m, meta, runId));
        }
        if (!lesions.isEmpty()) {
            lake.insertNew(LakeTable.LESIONS, lesions);
        } else if (!lake.exists(LakeTable.LESIONS)) {
            // An empty table rather than none, so that later stages say "no lesions", not "run mine first".
            lake.append(LakeTable.LESIONS, spark.createDataFrame(List.<Row>of(), LakeTable.LESIONS.schema()));
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rejectRows = new ArrayList<>();
        for (String r : rejects) {
            rejectRows.add(Rejects.row(r, STAGE, runId, now));
        }
        if (!rejectRows.isEmpty()) {
            lake.insertNew(LakeTable.REJECTS, rejectRows);
        }

        Map<String, Long> bySource = new TreeMap<>();
        Map<String, Long> bySplit = new TreeMap<>();
        long total = 0;
        long fresh = 0;
        for (Row r : lake.readOrEmpty(LakeTable.LESIONS).groupBy("source_kind", "split", "run_id").count()
                .collectAsList()) {
            bySource.merge(r.getString(0), r.getLong(3), Long::sum);
            bySplit.merge(r.getString(1), r.getLong(3), Long::sum);
            total += r.getLong(3);
            fresh += runId.equals(r.getString(2)) ? r.getLong(3) : 0;
        }
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        MineSummary summary = new MineSummary(runId, total, fresh, bySource, bySplit, rejectRows.size(), seconds);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("lake", options.lakeRoot());
        parameters.put("deeplesion_csv", String.valueOf(options.deepLesionCsv()));
        parameters.put("measurements_csv", String.valueOf(options.measurementsCsv()));
        parameters.put("seed", Long.toString(options.seed()));
        parameters.put("fractions", options.trainFraction() + "/" + options.validationFraction());
        Map<String, Long> counts = new TreeMap<>();
        counts.put("lesions", total);
        counts.put("new_lesions", fresh);
        counts.put("rejects", (long) rejectRows.size());
        bySource.forEach((k, v) -> counts.put("source_" + k, v));
        bySplit.forEach((k, v) -> counts.put("split_" + k, v));
        RunLog.record(lake, runId, STAGE, "succeeded", started, parameters, counts, Map.of("seconds", seconds));
        LOG.info("mine {}: {} measurements read, {} lesions new, {} rejects", runId, measured.size(), fresh,
                rejectRows.size());
        return summary;
    }

    private Row lesionRow(Measured m, SliceMeta meta, String runId) {
        RecistMeasurement r = m.recist();
        PixelSpacing spacing = new PixelSpacing(meta.columnSpacing(), meta.rowSpacing());
        BoundingBox box = BoundingBox.fromRecist(r, meta.rows(), meta.columns());
        Split split = m.split() != null ? m.split()
                : Splits.assign(meta.patientKey(), options.seed(), options.trainFraction(),
                        options.validationFraction());
        boolean two = r.hasShortAxis();
        return RowFactory.create(LesionIds.of(m.sopInstanceUid(), m.frameIndex() + 1, r), meta.patientKey(),
                meta.studyUid(), meta.seriesUid(), m.sopInstanceUid(), m.frameIndex(), meta.sliceIndex(),
                r.longStart().x(), r.longStart().y(), r.longEnd().x(), r.longEnd().y(),
                two ? r.shortStart().x() : null, two ? r.shortStart().y() : null, two ? r.shortEnd().x() : null,
                two ? r.shortEnd().y() : null, r.longDiameterPx(), two ? r.shortDiameterPx() : null,
                r.longDiameterMm(spacing), two ? r.shortDiameterMm(spacing) : null, box.x1(), box.y1(), box.x2(),
                box.y2(), m.sourceKind(), m.source(), m.label(), m.coarseType(), m.possiblyNoisy(),
                m.sliceRangeFirst(), m.sliceRangeLast(), split.name().toLowerCase(Locale.ROOT), runId);
    }

    private static PixelPoint point(Row r, int i) {
        return new PixelPoint(r.getDouble(i), r.getDouble(i + 1));
    }

    private static String reject(String source, String reason) {
        return Rejects.encode(source, reason);
    }

    private void loadSlices(Lake lake, Set<String> sops, Set<String> files, Map<String, SliceMeta> slices,
            Map<String, String> sopByFile) {
        if (sops.isEmpty() && files.isEmpty()) {
            return;
        }
        var wanted = col("sop_instance_uid").isin(sops.toArray()).or(col("source").isin(files.toArray()));
        for (Row r : lake.read(LakeTable.SLICES).orElseThrow().filter(wanted)
                .select("sop_instance_uid", "frame_index", "patient_key", "study_uid", "series_uid", "slice_index",
                        "rows", "columns", "row_spacing_mm", "column_spacing_mm", "source")
                .collectAsList()) {
            slices.put(r.getString(0) + "#" + r.getInt(1), new SliceMeta(r.getString(2), r.getString(3),
                    r.getString(4), r.getInt(5), r.getInt(6), r.getInt(7), r.getDouble(8), r.getDouble(9)));
            sopByFile.put(r.getString(10), r.getString(0));
        }
    }

    private List<DlInfoRow> readDlInfo(HadoopConf conf, List<String> rejects) {
        Path path = new Path(options.deepLesionCsv());
        try (Reader in = new InputStreamReader(path.getFileSystem(conf.get()).open(path), StandardCharsets.UTF_8)) {
            DlInfoCsv.Lenient parsed = DlInfoCsv.readLenient(options.deepLesionCsv(), in);
            for (DlInfoFormatException e : parsed.problems()) {
                rejects.add(reject(e.source() + ":" + e.line(), e.getMessage()));
            }
            return parsed.rows();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + options.deepLesionCsv() + ": " + e.getMessage(), e);
        }
    }

    private CsvExtraction readMeasurementCsv(HadoopConf conf) {
        Path path = new Path(options.measurementsCsv());
        try (Reader in = new InputStreamReader(path.getFileSystem(conf.get()).open(path), StandardCharsets.UTF_8)) {
            return MeasurementCsv.read(options.measurementsCsv(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + options.measurementsCsv() + ": " + e.getMessage(), e);
        }
    }

    /** Whether any ingest into this lake replaced UIDs, so the UIDs inside presentation states must be mapped. */
    private boolean uidsReplaced(Lake lake) {
        return lake.read(LakeTable.RUNS).map(runs -> runs.filter(col("job").equalTo("ingest"))
                .filter("parameters['replace_uids'] = 'true'").count() > 0).orElse(false);
    }

    private byte[] requireSecret() {
        if (options.secret() == null) {
            throw new IllegalArgumentException("this lake's UIDs were replaced at ingest: mining presentation states "
                    + "needs the same pseudonymisation secret (DEEPLESION_SECRET or spark.deeplesion.secret)");
        }
        return options.secret();
    }
}
