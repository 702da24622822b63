package org.deeplesion.jobs.run;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import org.deeplesion.progress.ProgressOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a job takes from its surroundings rather than from its options: the clock its run is timed and stamped by,
 * and where its progress lines go. Tests pass a fixed clock or a capturing output; everything else takes
 * {@link #system()}.
 */
public record JobContext(Clock clock, ProgressOutput progress) {

    /** Progress lines read as {@code progress: <step>: ...} in the log. */
    private static final Logger PROGRESS = LoggerFactory.getLogger("org.deeplesion.progress");

    public JobContext {
        requireNonNull(clock, "clock");
        requireNonNull(progress, "progress");
    }

    /** The system's UTC clock, and progress on the terminal when there is one, else in the log. */
    public static JobContext system() {
        return new JobContext(Clock.systemUTC(), ProgressOutput.standard(PROGRESS::info));
    }

    public JobContext withClock(Clock other) {
        return new JobContext(other, progress);
    }

    public JobContext withProgress(ProgressOutput other) {
        return new JobContext(clock, other);
    }
}
