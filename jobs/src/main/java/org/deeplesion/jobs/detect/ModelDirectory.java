package org.deeplesion.jobs.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplesion.encoding.ModelFiles;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.nn.OneDnn;

/**
 * One trained detector under {@code <lake>/models/<run>/}: {@code detector.json}, {@code proposals.zip} and
 * {@code regions.zip} (DL4J model files) once training has finished; {@code checkpoints/} with one network per
 * epoch and {@code progress.json} while it runs; {@code datasets/} with the exported training minibatches of the
 * epoch in progress.
 */
final class ModelDirectory {

    static final String MANIFEST = "detector.json";
    static final String PROPOSALS = "proposals.zip";
    static final String REGIONS = "regions.zip";
    private static final String PROGRESS = "checkpoints/progress.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Configuration conf;

    ModelDirectory(Path dir, Configuration conf) {
        this.dir = dir;
        this.conf = conf;
    }

    static Path modelsOf(Lake lake) {
        return new Path(lake.models());
    }

    static ModelDirectory create(Lake lake, String runId, Configuration conf) {
        return new ModelDirectory(new Path(modelsOf(lake), runId), conf);
    }

    /**
     * A model given as a run id (under the lake's {@code models/}) or as the URI of its directory.
     *
     * @throws IllegalArgumentException when it holds no finished detector
     */
    static ModelDirectory open(Lake lake, String model, Configuration conf) throws IOException {
        Path path = namesDirectory(model) ? new Path(model) : new Path(modelsOf(lake), model);
        ModelDirectory dir = new ModelDirectory(path, conf);
        if (!dir.fs().exists(new Path(path, MANIFEST))) {
            throw new IllegalArgumentException(path + ": no trained detector here (" + MANIFEST + " is missing; "
                    + "an interrupted training run is continued with train --resume)");
        }
        return dir;
    }

    /** Whether a model given on the command line is the URI of its directory rather than a run id. */
    static boolean namesDirectory(String model) {
        return model.contains("/");
    }

    /** The most recently checkpointed training run that has not finished, if any. */
    static Optional<ModelDirectory> latestUnfinished(Lake lake, Configuration conf) throws IOException {
        Path models = modelsOf(lake);
        FileSystem fs = models.getFileSystem(conf);
        if (!fs.exists(models)) {
            return Optional.empty();
        }
        FileStatus latest = null;
        for (FileStatus run : fs.listStatus(models)) {
            Path progress = new Path(run.getPath(), PROGRESS);
            if (run.isDirectory() && fs.exists(progress) && !fs.exists(new Path(run.getPath(), MANIFEST))) {
                FileStatus status = fs.getFileStatus(progress);
                if (latest == null
                        || Comparator.comparingLong(FileStatus::getModificationTime)
                                        .compare(status, latest)
                                > 0) {
                    latest = status;
                }
            }
        }
        return latest == null
                ? Optional.empty()
                : Optional.of(new ModelDirectory(latest.getPath().getParent().getParent(), conf));
    }

    String id() {
        return dir.getName();
    }

    Path path() {
        return dir;
    }

    /** Where one epoch's exported minibatches go. */
    Path datasets(String stage, int epoch) {
        return new Path(dir, String.format(Locale.ROOT, "datasets/%s/epoch-%03d", stage, epoch));
    }

    void deleteDatasets() throws IOException {
        fs().delete(new Path(dir, "datasets"), true);
    }

    void checkpoint(ComputationGraph net, TrainingProgress progress) throws IOException {
        write(
                new Path(
                        dir,
                        String.format(
                                Locale.ROOT, "checkpoints/%s-epoch-%03d.zip", progress.stage(), progress.epoch())),
                net);
        writeJson(new Path(dir, PROGRESS), progress);
    }

    Optional<TrainingProgress> progress() throws IOException {
        Path path = new Path(dir, PROGRESS);
        if (!fs().exists(path)) {
            return Optional.empty();
        }
        try (InputStream in = fs().open(path)) {
            return Optional.of(JSON.readValue(in, TrainingProgress.class));
        }
    }

    ComputationGraph checkpointed(String stage, int epoch) throws IOException {
        return read(new Path(dir, String.format(Locale.ROOT, "checkpoints/%s-epoch-%03d.zip", stage, epoch)));
    }

    void finish(ComputationGraph proposals, ComputationGraph regions, DetectorManifest manifest) throws IOException {
        write(new Path(dir, PROPOSALS), proposals);
        write(new Path(dir, REGIONS), regions);
        // The manifest last: its presence is what marks the model finished.
        writeJson(new Path(dir, MANIFEST), manifest);
    }

    DetectorManifest manifest() throws IOException {
        try (InputStream in = fs().open(new Path(dir, MANIFEST))) {
            return JSON.readValue(in, DetectorManifest.class);
        } catch (IOException e) {
            throw new IOException(
                    new Path(dir, MANIFEST) + ": cannot read the detector manifest: " + e.getMessage(), e);
        }
    }

    byte[] bytes(String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = fs().open(new Path(dir, name))) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    private ComputationGraph read(Path path) throws IOException {
        OneDnn.enable();
        try (InputStream in = fs().open(path)) {
            return ModelSerializer.restoreComputationGraph(in, true);
        } catch (IOException | RuntimeException e) {
            throw new IOException(path + ": cannot read the network: " + e.getMessage(), e);
        }
    }

    private void write(Path path, ComputationGraph net) throws IOException {
        Path partial = new Path(path.getParent(), "." + path.getName() + ".partial");
        try (OutputStream out = fs().create(partial, true)) {
            ModelSerializer.writeModel(net, out, true);
        }
        replace(partial, path);
    }

    private void writeJson(Path path, Object value) throws IOException {
        Path partial = new Path(path.getParent(), "." + path.getName() + ".partial");
        try (OutputStream out = fs().create(partial, true)) {
            out.write(JSON.writeValueAsBytes(value));
        }
        replace(partial, path);
    }

    /** A crash mid-write leaves the previous file, never half of the new one. */
    private void replace(Path partial, Path path) throws IOException {
        FileSystem fs = fs();
        fs.delete(path, false);
        if (!fs.rename(partial, path)) {
            throw new IOException("cannot move " + partial + " to " + path);
        }
    }

    private FileSystem fs() throws IOException {
        return dir.getFileSystem(conf);
    }

    static ComputationGraph network(byte[] bytes, String source) {
        return ModelFiles.fromBytes(bytes, source);
    }
}
