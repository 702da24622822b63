package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.Detection;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.detect.LesionDetector;
import org.deeplesion.jobs.spark.PerItem;
import org.deeplesion.jobs.spark.TaskThreads;
import org.deeplesion.recist.ImageSize;

/**
 * On the executors: key images in, {@code detections} rows out. The two networks arrive once per executor as
 * broadcast bytes; each task builds its own detector from them, since DL4J networks are not thread-safe.
 */
final class DetectPass implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> proposals;
    private final Broadcast<byte[]> regions;
    private final DetectorGeometry geometry;
    private final DetectorSettings settings;
    private final AnchorSize sizePrior;
    private final List<String> classNames;
    private final String modelId;
    private final String runId;

    private DetectPass(
            Broadcast<byte[]> proposals,
            Broadcast<byte[]> regions,
            DetectorGeometry geometry,
            DetectorSettings settings,
            AnchorSize sizePrior,
            List<String> classNames,
            String modelId,
            String runId) {
        this.proposals = proposals;
        this.regions = regions;
        this.geometry = geometry;
        this.settings = settings;
        this.sizePrior = sizePrior;
        this.classNames = new ArrayList<>(classNames);
        this.modelId = modelId;
        this.runId = runId;
    }

    /**
     * The pass of a trained model with the given settings (the model's own, or a run's variant of them), its
     * networks broadcast; {@code runId} goes into every row.
     */
    static DetectPass of(
            DetectorManifest manifest,
            DetectorSettings settings,
            Broadcast<byte[]> proposals,
            Broadcast<byte[]> regions,
            String runId) {
        return new DetectPass(
                proposals,
                regions,
                manifest.geometry(),
                requireNonNull(settings, "settings"),
                manifest.sizePrior(),
                manifest.classNames(),
                manifest.modelId(),
                runId);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> images) {
        TaskThreads.limitThisTask();
        LesionDetector detector = new LesionDetector(
                geometry,
                settings,
                ModelDirectory.network(proposals.value(), modelId + " " + ModelDirectory.PROPOSALS),
                ModelDirectory.network(regions.value(), modelId + " " + ModelDirectory.REGIONS),
                sizePrior);
        return PerItem.flatMap(images, row -> {
            String key = row.getAs("sop_instance_uid");
            List<Detection> found = detector.detect(
                    key, KeyImages.image(row, geometry), new ImageSize(row.getAs("rows"), row.getAs("columns")));
            List<Row> out = new ArrayList<>(found.size());
            for (int rank = 0; rank < found.size(); rank++) {
                Detection d = found.get(rank);
                out.add(RowFactory.create(
                        modelId,
                        key,
                        row.getAs("frame_index"),
                        row.getAs("split"),
                        rank,
                        d.box().x1(),
                        d.box().y1(),
                        d.box().x2(),
                        d.box().y2(),
                        d.score(),
                        d.classIndex(),
                        classNames.get(Math.min(d.classIndex(), classNames.size() - 1)),
                        runId));
            }
            return out;
        });
    }
}
