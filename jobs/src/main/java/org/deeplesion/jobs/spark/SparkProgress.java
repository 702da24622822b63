package org.deeplesion.jobs.spark;

import static java.util.Objects.requireNonNull;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.progress.Progress;
import org.deeplesion.progress.ProgressOutput;
import scala.collection.Iterator;

/**
 * A step's {@link Progress}, fed from a named accumulator that its tasks add their work to. The driver merges a
 * task's additions before it announces the task's end, so every finished task that added some is an occasion to
 * show the count; the executors do nothing for it beyond the accumulator's add. Closing shows the step's last line.
 */
public final class SparkProgress extends SparkListener implements AutoCloseable {

    private final SparkContext spark;
    private final LongAccumulator counter;
    /** The counter's value when the step began: one counter may serve several steps. */
    private final long from;

    private final Progress progress;

    private SparkProgress(SparkContext spark, LongAccumulator counter, Progress progress) {
        this.spark = spark;
        this.counter = counter;
        this.from = counter.value();
        this.progress = progress;
    }

    /**
     * Shows the step's progress from now until {@link #close}.
     *
     * @param total how much the counter will have grown when the step is done
     */
    public static SparkProgress start(
            SparkContext spark, LongAccumulator counter, String step, String unit, long total, ProgressOutput output) {
        requireNonNull(spark, "spark");
        requireNonNull(counter, "counter");
        if (counter.name().isEmpty()) {
            // Spark reports only named accumulators' updates with a task's end.
            throw new IllegalArgumentException("a progress counter needs a name");
        }
        SparkProgress shown = new SparkProgress(spark, counter, Progress.start(step, unit, total, output));
        spark.addSparkListener(shown);
        return shown;
    }

    /**
     * Only the step's own tasks count: other jobs of the session leave the line alone, and so does everything after
     * a step that failed before it was closed.
     */
    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        Iterator<AccumulableInfo> updated = taskEnd.taskInfo().accumulables().iterator();
        while (updated.hasNext()) {
            if (updated.next().id() == counter.id()) {
                progress.update(counter.value() - from);
                return;
            }
        }
    }

    @Override
    public void close() {
        spark.removeSparkListener(this);
        progress.finish(counter.value() - from);
    }
}
