package org.deeplesion.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/** Where the lines of a {@link Progress} go, and how often. */
public interface ProgressOutput {

    /** A terminal's line is redrawn this often: often enough to look alive, seldom enough not to flicker. */
    Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
    /** A log gets a step's line this often: a long step leaves a trail, never a flood. */
    Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** The least time between two lines of one step. */
    Duration interval();

    /** A line of a step under way. */
    void show(String line);

    /** A step's last line. */
    void last(String line);

    /**
     * One line that updates in place where a person watches a terminal, else a log line per interval: carriage
     * returns in a log file would hide every line but the last.
     *
     * @param log where lines go without a terminal
     */
    static ProgressOutput standard(Consumer<String> log) {
        return System.console() != null ? terminal(System.err, TERMINAL_INTERVAL) : log(log, LOG_INTERVAL);
    }

    /** Redraws one line in place; the step's last line stays and ends with a line break. */
    static ProgressOutput terminal(PrintStream out, Duration interval) {
        return new TerminalOutput(out, interval);
    }

    /** One line per interval to a log. */
    static ProgressOutput log(Consumer<String> log, Duration interval) {
        requireNonNull(log, "log");
        requireNonNull(interval, "interval");
        return new ProgressOutput() {
            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public void show(String line) {
                log.accept(line);
            }

            @Override
            public void last(String line) {
                log.accept(line);
            }
        };
    }
}
