package org.deeplesion.jobs.bench;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.BlobPatches;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorImage;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.detect.LesionDetector;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.deeplesion.nn.NativeThreads;
import org.deeplesion.recist.ImageSize;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The proposal network's raw speed in one JVM, without Spark: training patches per second (default geometry, bright
 * blobs on noise) and whole-slice inference per second, on whatever ND4J backend the jar carries. With the
 * {@code cuda} build this is the GPU smoke test: it names the backend and device first, so a refused GPU shows up
 * as an error before any number.
 *
 * <p>On a CPU it also trains with two workers at once, each fitting its own network on its own thread as the two
 * tasks of {@code local[2]} do, first with ND4J's default native threads per worker, then with one each
 * ({@code spark.deeplesion.nativeThreadsPerTask}): what the two cost each other.
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
        MultiDataSet data = BlobPatches.minibatch(geometry, prior, batch, random);
        net.fit(data);
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        SamplingGrid grid = geometry.imageGrid(512, 512, 0.8, 0.8);
        DetectorImage image =
                new DetectorImage(BlobPatches.noise(SliceStack.CHANNELS * grid.rows() * grid.columns(), random), grid);
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
        String workers = devices == null ? twoWorkers(geometry, prior, steps, batch) : "";
        return String.format(
                Locale.ROOT,
                "detector bench (%s): training %.1f patches/s (%d steps of %d patches of "
                        + "%d px), proposals on whole %d x %d slices %.1f slices/s, "
                        + "detection (proposals, %d regions scored, NMS) %.1f slices/s, %.1f with --flip%s",
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
                slices / flipSeconds,
                workers);
    }

    /** Training with two workers at once, with the default native threads and with one each. */
    private static String twoWorkers(DetectorGeometry geometry, AnchorSize prior, int steps, int batch) {
        double shared = twoWorkers(geometry, prior, steps, batch, false);
        double one = twoWorkers(geometry, prior, steps, batch, true);
        String limited = System.getenv(NativeThreads.VARIABLE) == null
                ? "with one native thread each"
                : "again (" + NativeThreads.VARIABLE + " is set, so both runs use it)";
        return String.format(
                Locale.ROOT,
                "; two workers training at once (as local[2]): %.1f patches/s together with ND4J's default native "
                        + "threads, %.1f %s",
                shared,
                one,
                limited);
    }

    /** Patches per second of two threads together, each fitting its own network from the same start. */
    private static double twoWorkers(
            DetectorGeometry geometry, AnchorSize prior, int steps, int batch, boolean oneNativeThread) {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Taking them as they finish: a failed worker fails the bench at once instead of leaving the other at the
            // barrier.
            CompletionService<Long> ends = new ExecutorCompletionService<>(pool);
            long[] begin = new long[2];
            for (int w = 0; w < 2; w++) {
                int worker = w;
                ends.submit(() -> {
                    if (oneNativeThread) {
                        NativeThreads.limitCallingThread(1);
                    }
                    ComputationGraph net = ProposalNetwork.create(geometry, 1);
                    MultiDataSet data = BlobPatches.minibatch(geometry, prior, batch, new Random(worker));
                    net.fit(data);
                    start.await();
                    begin[worker] = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        net.fit(data);
                    }
                    return System.nanoTime();
                });
            }
            long end = Math.max(ends.take().get(), ends.take().get());
            return 2.0 * steps * batch / ((end - Math.min(begin[0], begin[1])) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while two workers trained", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a training worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
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
}
