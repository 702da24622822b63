package org.deeplesion.progress;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far a long step is, as a person reads it: {@code ingest decode: 1,234/5,817 slices (21%), 310 slices/s, 15 s
 * left}. Work may be reported from any thread and as often as it completes; a line is shown at most once per the
 * output's interval, so that a log gets one line per interval however fast the work goes, and {@link #finish} always
 * shows the step's last line.
 */
public final class Progress {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String step;
    private final String unit;
    private final long total;
    private final ProgressOutput output;
    private final LongSupplier nanos;
    private final long started;
    private long shown;
    private long done;
    private boolean finished;

    /**
     * @param step what is being done, e.g. "ingest decode"
     * @param unit what is counted, plural, e.g. "slices"
     * @param total how many there are to do
     * @param nanos a monotonic clock in nanoseconds ({@link System#nanoTime} outside tests)
     */
    public Progress(String step, String unit, long total, ProgressOutput output, LongSupplier nanos) {
        this.step = requireNonNull(step, "step");
        this.unit = requireNonNull(unit, "unit");
        this.output = requireNonNull(output, "output");
        this.nanos = requireNonNull(nanos, "nanos");
        if (total < 0) {
            throw new IllegalArgumentException(step + ": a total of " + total + " " + unit + " is not a count");
        }
        this.total = total;
        this.started = nanos.getAsLong();
        this.shown = started;
    }

    /** A step timed by the system's monotonic clock. */
    public static Progress start(String step, String unit, long total, ProgressOutput output) {
        return new Progress(step, unit, total, output, System::nanoTime);
    }

    /** How many are done so far; shows a line when the output's interval has passed since the last one. */
    public synchronized void update(long doneSoFar) {
        if (finished) {
            return;
        }
        // Reports from several threads may arrive out of order; the count only grows.
        done = Math.max(done, doneSoFar);
        long now = nanos.getAsLong();
        if (now - shown >= output.interval().toNanos()) {
            shown = now;
            output.show(line(now, false));
        }
    }

    /** The step has ended with this many done; shows its last line. Later updates are ignored. */
    public synchronized void finish(long doneAtEnd) {
        if (finished) {
            return;
        }
        finished = true;
        done = Math.max(done, doneAtEnd);
        output.last(line(nanos.getAsLong(), true));
    }

    private String line(long now, boolean last) {
        StringBuilder line = new StringBuilder(step)
                .append(": ")
                .append(String.format(Locale.ROOT, "%,d/%,d %s", done, total, unit));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " (%d%%)", done * 100 / total));
        }
        double seconds = (double) (now - started) / NANOS_PER_SECOND;
        double rate = seconds > 0 ? done / seconds : 0;
        if (rate > 0) {
            line.append(", ").append(rate(rate)).append(' ').append(unit).append("/s");
        }
        if (last) {
            line.append(", in ").append(duration(seconds));
        } else if (rate > 0 && done < total) {
            line.append(", ").append(duration((total - done) / rate)).append(" left");
        }
        return line.toString();
    }

    /** Whole units where the rate is large enough for digits after the point to be noise. */
    static String rate(double perSecond) {
        if (perSecond >= 10) {
            return String.format(Locale.ROOT, "%,d", Math.round(perSecond));
        }
        return String.format(Locale.ROOT, perSecond >= 1 ? "%.1f" : "%.2f", perSecond);
    }

    /** Rounded up to the second, so that a step about to end does not read "0 s left". */
    static String duration(double seconds) {
        long s = (long) Math.ceil(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
