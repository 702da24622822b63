package org.deeplesion.jobs.detect;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorImage;
import org.deeplesion.detect.HardLesions;
import org.deeplesion.detect.Proposal;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.deeplesion.detect.RegionSample;
import org.deeplesion.detect.RegionSampling;
import org.deeplesion.detect.TrainingPatch;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.TaskThreads;
import org.deeplesion.recist.BoundingBox;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * On the executors: training minibatches cut from the key images, written as serialised DL4J (Multi)DataSets under
 * the model's {@code datasets/} folder on the lake's file system, so that training reads them by path wherever its
 * workers run. Each epoch draws new patches and regions (its own seed), so augmentation differs between epochs while
 * a resumed run draws what the original would have.
 */
final class MinibatchExport {

    /** The column {@link #propose} adds to the key images: the proposals' bytes ({@link ProposalColumn}). */
    static final String PROPOSALS = "proposals";

    private MinibatchExport() {}

    /**
     * Minibatches are drawn from a buffer of this many of them, so that each mixes patches or regions of many
     * images ({@link ShuffledBatches}).
     */
    static final int SHUFFLE_MINIBATCHES = 16;

    /**
     * Proposal-network patches, {@code batch} per file; returns the files' URIs.
     *
     * @param classes the class-aware head's classes, 0 for a network without one
     * @param hard per slice that hard example mining has weighed, its share of the patches against the mean, then
     *     its lesions' weights ({@link HardLesions}); a slice not in it gets the mean share, its lesions alike
     */
    static Iterator<String> proposals(
            int partition,
            Iterator<Row> images,
            Broadcast<HashMap<String, double[]>> truth,
            Broadcast<HashMap<String, double[]>> hard,
            DetectorGeometry geometry,
            AnchorSize prior,
            int classes,
            int patchesPerImage,
            int batch,
            String dir,
            long seed,
            HadoopConf conf) {
        List<String> written = new ArrayList<>();
        ShuffledBatches<TrainingPatch> batches =
                new ShuffledBatches<>(batch, batch * SHUFFLE_MINIBATCHES, new Random(seed * 31 + partition));
        while (images.hasNext()) {
            Lesions slice = Lesions.of(images.next(), truth, geometry);
            if (slice == null) {
                continue;
            }
            Random random = new Random(seed * 31 + slice.key().hashCode());
            double[] weighed = hard.value().get(slice.key());
            double[] weights = weighed == null ? null : Arrays.copyOfRange(weighed, 1, weighed.length);
            int patches = weighed == null ? patchesPerImage : HardLesions.patches(patchesPerImage, weighed[0], random);
            for (int p = 0; p < patches; p++) {
                List<TrainingPatch> minibatch = batches.add(
                        TrainingPatch.draw(slice.image(), slice.boxes(), slice.labels(), weights, geometry, random));
                if (!minibatch.isEmpty()) {
                    written.add(
                            saveProposals(minibatch, prior, classes, geometry, dir, partition, written.size(), conf));
                }
            }
        }
        for (List<TrainingPatch> minibatch : batches.drain()) {
            padToBatch(minibatch, batch);
            written.add(saveProposals(minibatch, prior, classes, geometry, dir, partition, written.size(), conf));
        }
        return written.iterator();
    }

    private static String saveProposals(
            List<TrainingPatch> patches,
            AnchorSize prior,
            int classes,
            DetectorGeometry geometry,
            String dir,
            int partition,
            int index,
            HadoopConf conf) {
        List<float[]> pixels = patches.stream().map(TrainingPatch::pixels).toList();
        List<List<BoundingBox>> boxes =
                patches.stream().map(TrainingPatch::boxes).toList();
        List<List<Integer>> labels = patches.stream().map(TrainingPatch::labels).toList();
        return save(
                ProposalNetwork.examples(pixels, boxes, labels, classes, prior, geometry), dir, partition, index, conf);
    }

    /**
     * Region-classifier examples around the proposals of each image ({@code proposals} column).
     *
     * @param partTarget the lesion probability of the image's {@link ImageTruth#parts parts}; 0 leaves them out of
     *     the class loss
     */
    static Iterator<String> regions(
            int partition,
            Iterator<Row> images,
            Broadcast<HashMap<String, double[]>> truth,
            DetectorGeometry geometry,
            int classes,
            int negativesPerImage,
            double partTarget,
            int batch,
            String dir,
            long seed,
            HadoopConf conf) {
        List<String> written = new ArrayList<>();
        ShuffledBatches<RegionSample> batches =
                new ShuffledBatches<>(batch, batch * SHUFFLE_MINIBATCHES, new Random(seed * 31 + partition));
        while (images.hasNext()) {
            Row row = images.next();
            String key = row.getAs("sop_instance_uid");
            ImageTruth t = ImageTruth.decode(truth.value().get(key));
            if (t == null) {
                continue;
            }
            DetectorImage image = KeyImages.image(row, geometry);
            List<BoundingBox> lesions = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            List<BoundingBox> ignore = new ArrayList<>();
            for (BoundingBox b : t.ignore()) {
                ignore.add(image.fromSlice(b));
            }
            for (BoundingBox b : t.sections()) {
                ignore.add(image.fromSlice(b));
            }
            for (int i = 0; i < t.boxes().size(); i++) {
                BoundingBox box = image.fromSlice(t.boxes().get(i));
                if (t.labels().get(i) > 0) {
                    lesions.add(box);
                    labels.add(t.labels().get(i));
                } else {
                    // Without a class it can be neither a positive of some class nor background.
                    ignore.add(box);
                }
            }
            // Without a probability a part is left to the ignore boxes, its lesion's key box.
            List<BoundingBox> parts = new ArrayList<>();
            for (BoundingBox b : partTarget > 0 ? t.parts() : List.<BoundingBox>of()) {
                parts.add(image.fromSlice(b));
            }
            List<Proposal> proposals = ProposalColumn.decode(row.getAs(PROPOSALS));
            Random random = new Random(seed * 31 + key.hashCode());
            for (RegionSample sample : RegionSampling.sample(
                    image,
                    lesions,
                    labels,
                    ignore,
                    parts,
                    partTarget,
                    proposals,
                    negativesPerImage,
                    geometry,
                    random)) {
                List<RegionSample> minibatch = batches.add(sample);
                if (!minibatch.isEmpty()) {
                    written.add(save(
                            RegionClassifier.examples(minibatch, classes, geometry),
                            dir,
                            partition,
                            written.size(),
                            conf));
                }
            }
        }
        for (List<RegionSample> minibatch : batches.drain()) {
            padToBatch(minibatch, batch);
            written.add(save(
                    RegionClassifier.examples(minibatch, classes, geometry), dir, partition, written.size(), conf));
        }
        return written.iterator();
    }

    /** Proposals of every image with the broadcast network; adds the {@link #PROPOSALS} column's bytes. */
    static Iterator<Row> propose(
            Iterator<Row> images,
            Broadcast<byte[]> model,
            DetectorGeometry geometry,
            AnchorSize prior,
            int limit,
            double nmsIou) {
        TaskThreads.limitThisTask();
        ComputationGraph net = ModelDirectory.network(model.value(), "the proposal network");
        List<Row> out = new ArrayList<>();
        while (images.hasNext()) {
            Row row = images.next();
            List<Proposal> proposals =
                    ProposalNetwork.propose(net, KeyImages.image(row, geometry), prior, limit, nmsIou);
            Object[] values = new Object[row.size() + 1];
            for (int i = 0; i < row.size(); i++) {
                values[i] = row.get(i);
            }
            values[row.size()] = ProposalColumn.encode(proposals);
            out.add(RowFactory.create(values));
        }
        return out.iterator();
    }

    /** Hard example mining: each training slice's lesion weights under the current proposal network. */
    static Iterator<LesionHardness> hardness(
            Iterator<Row> images,
            Broadcast<byte[]> model,
            Broadcast<HashMap<String, double[]>> truth,
            DetectorGeometry geometry,
            AnchorSize prior,
            double nmsIou) {
        TaskThreads.limitThisTask();
        ComputationGraph net = ModelDirectory.network(model.value(), "the proposal network");
        List<LesionHardness> out = new ArrayList<>();
        while (images.hasNext()) {
            Lesions slice = Lesions.of(images.next(), truth, geometry);
            if (slice == null) {
                continue;
            }
            List<Proposal> proposals = ProposalNetwork.propose(net, slice.image(), prior, HardLesions.TOP, nmsIou);
            out.add(new LesionHardness(slice.key(), HardLesions.weights(proposals, slice.boxes())));
        }
        return out.iterator();
    }

    /**
     * A training slice's detector image and the lesions the proposal network learns there, boxes in the image's
     * pixels: its bookmarks, then the {@link ImageTruth#sections sections} of lesions bookmarked nearby, which have
     * no class.
     */
    private record Lesions(String key, DetectorImage image, List<BoundingBox> boxes, List<Integer> labels) {

        /** The slice of {@code row}; null when training knows no lesion on it. */
        static Lesions of(Row row, Broadcast<HashMap<String, double[]>> truth, DetectorGeometry geometry) {
            String key = row.getAs("sop_instance_uid");
            ImageTruth t = ImageTruth.decode(truth.value().get(key));
            if (t == null || t.boxes().isEmpty()) {
                return null;
            }
            DetectorImage image = KeyImages.image(row, geometry);
            return new Lesions(
                    key, image, t.proposalBoxes().stream().map(image::fromSlice).toList(), t.proposalLabels());
        }
    }

    /**
     * Fills a partition's last minibatch up with its own first examples repeated. Every file then holds exactly one
     * minibatch, so DL4J never merges files, which would give outputs without a mask a per-output one that the
     * region classifier's softmax cross-entropy refuses.
     */
    private static <T> void padToBatch(List<T> examples, int batch) {
        int have = examples.size();
        for (int i = 0; examples.size() < batch; i++) {
            examples.add(examples.get(i % have));
        }
    }

    private static String save(MultiDataSet data, String dir, int partition, int index, HadoopConf conf) {
        Path path = file(dir, partition, index);
        try (OutputStream out = path.getFileSystem(conf.get()).create(path, true)) {
            data.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training minibatch " + path, e);
        }
        return path.toString();
    }

    private static Path file(String dir, int partition, int index) {
        return new Path(dir, String.format(Locale.ROOT, "part-%05d-%05d.bin", partition, index));
    }
}
