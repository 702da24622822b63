package org.deeplesion.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.progress.ProgressOutput;
import org.junit.jupiter.api.Test;

/** Progress fed by a real Spark job's task ends. */
class SparkProgressTest {

    /** An output that shows every update, for the test to wait on. */
    private static final class Lines implements ProgressOutput {
        final BlockingQueue<String> shown = new LinkedBlockingQueue<>();
        final List<String> last = new ArrayList<>();

        @Override
        public Duration interval() {
            return Duration.ZERO;
        }

        @Override
        public void show(String line) {
            shown.add(line);
        }

        @Override
        public synchronized void last(String line) {
            last.add(line);
        }

        /** The first shown line that says all is done, waiting for the listener as long as it takes, up to a bound. */
        String awaitDone(String done) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = shown.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line != null && line.contains(done)) {
                    return line;
                }
            }
            throw new AssertionError("no progress line said " + done);
        }
    }

    @Test
    void everyFinishedTaskMovesTheLineUntilItReachesTheTotal() throws InterruptedException {
        JavaSparkContext jsc =
                JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        LongAccumulator items = jsc.sc().longAccumulator("items");
        // A count left from an earlier step: the line counts from where its own step began.
        items.add(5);
        Lines lines = new Lines();

        try (SparkProgress progress = SparkProgress.start(jsc.sc(), items, "test step", "items", 40, lines)) {
            jsc.parallelize(IntStream.range(0, 40).boxed().toList(), 8).foreach(i -> items.add(1));
            // Other jobs of the session are not the step's: their tasks add nothing to its counter.
            jsc.parallelize(List.of(1, 2, 3), 3).count();

            assertThat(lines.awaitDone("40/40 items (100%)")).startsWith("test step: 40/40 items (100%), ");
        }

        assertThat(lines.last).singleElement().asString().matches("test step: 40/40 items \\(100%\\), .*, in \\d+ s");
        assertThat(lines.shown).allSatisfy(line -> assertThat(line).doesNotContain("45/40"));
    }
}
