package org.deeplesion.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorImage;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.detect.LesionDetector;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The proposal network's raw speed in one JVM, without Spark: training patches per second (default geometry, bright
 * blobs on noise) and whole-slice inference per second, on whatever ND4J backend the jar carries. With the
 * {@code cuda} build this is the GPU smoke test: it names the backend and device first, so a refused GPU shows up
 * as an error before any number.
 */
final class DetectorBench {

    private DetectorBench() {}

    static String run(int steps, int batch, boolean requireGpu) {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        Object devices = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
        String device =
                devices == null ? "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)" : devices.toString();
        System.out.println("backend: " + backend + ", device: " + device);
        if (requireGpu && devices == null) {
            throw new IllegalStateException("the " + backend + " backend is not CUDA: build with -Pcuda and run on a "
                    + "machine with an NVIDIA GPU");
        }
        DetectorGeometry geometry = DetectorGeometry.defaults();
        AnchorSize prior = new AnchorSize(14, 14);
        ComputationGraph net = ProposalNetwork.create(geometry, 1);
        Random random = new Random(1);
        MultiDataSet data = minibatch(geometry, prior, batch, random);
        net.fit(data);
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        SamplingGrid grid = geometry.imageGrid(512, 512, 0.8, 0.8);
        DetectorImage image =
                new DetectorImage(noise(SliceStack.CHANNELS * grid.rows() * grid.columns(), random), grid);
        DetectorSettings settings = DetectorSettings.defaults();
        int proposed = ProposalNetwork.propose(net, image, prior, settings.proposals(), settings.proposalNmsIou())
                .size();
        int slices = Math.max(4, steps);
        long t1 = System.nanoTime();
        for (int i = 0; i < slices; i++) {
            ProposalNetwork.propose(net, image, prior, settings.proposals(), settings.proposalNmsIou());
        }
        double inferSeconds = (System.nanoTime() - t1) / 1e9;
        ComputationGraph classifier = RegionClassifier.create(1, geometry, 1);
        double detectSeconds = detectSeconds(geometry, settings.withFlip(false), net, classifier, prior, image, slices);
        double flipSeconds = detectSeconds(geometry, settings.withFlip(true), net, classifier, prior, image, slices);
        return String.format(
                Locale.ROOT,
                "detector bench (%s): training %.1f patches/s (%d steps of %d patches of "
                        + "%d px), proposals on whole %d x %d slices %.1f slices/s, "
                        + "detection (proposals, %d regions scored, NMS) %.1f slices/s, %.1f with --flip",
                backend,
                steps * batch / trainSeconds,
                steps,
                batch,
                geometry.patchPx(),
                grid.columns(),
                grid.rows(),
                slices / inferSeconds,
                proposed,
                slices / detectSeconds,
                slices / flipSeconds);
    }

    /** Seconds to detect on {@code slices} copies of the image, after one detection to warm up. */
    private static double detectSeconds(
            DetectorGeometry geometry,
            DetectorSettings settings,
            ComputationGraph net,
            ComputationGraph classifier,
            AnchorSize prior,
            DetectorImage image,
            int slices) {
        LesionDetector detector = new LesionDetector(geometry, settings, net, classifier, prior);
        ImageSize slice = new ImageSize(512, 512);
        detector.detect("warm-up", image, slice);
        long t0 = System.nanoTime();
        for (int i = 0; i < slices; i++) {
            detector.detect("bench", image, slice);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static MultiDataSet minibatch(DetectorGeometry geometry, AnchorSize prior, int batch, Random random) {
        int n = geometry.patchPx();
        List<float[]> patches = new ArrayList<>();
        List<List<BoundingBox>> boxes = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            float[] patch = noise(SliceStack.CHANNELS * n * n, random);
            int x = random.nextInt(n - 16);
            int y = random.nextInt(n - 16);
            for (int c = 0; c < SliceStack.CHANNELS; c++) {
                for (int r = y; r < y + 12; r++) {
                    for (int col = x; col < x + 12; col++) {
                        patch[c * n * n + r * n + col] = 0.8f;
                    }
                }
            }
            patches.add(patch);
            boxes.add(List.of(new BoundingBox(x, y, x + 11, y + 11)));
        }
        return ProposalNetwork.examples(patches, boxes, prior, geometry);
    }

    private static float[] noise(int length, Random random) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = 0.4f + 0.05f * (float) random.nextGaussian();
        }
        return out;
    }
}
