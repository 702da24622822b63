package org.deeplesion.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Duration;

/** Progress redrawn in place with a carriage return: one line on the screen per step, however long it runs. */
final class TerminalOutput implements ProgressOutput {

    private final PrintStream out;
    private final Duration interval;
    /** The length of the line on the screen, which a shorter one must blank out. */
    private int width;

    TerminalOutput(PrintStream out, Duration interval) {
        this.out = requireNonNull(out, "out");
        this.interval = requireNonNull(interval, "interval");
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public synchronized void show(String line) {
        out.print(redraw(line));
        out.flush();
    }

    @Override
    public synchronized void last(String line) {
        out.print(redraw(line) + System.lineSeparator());
        out.flush();
        width = 0;
    }

    private String redraw(String line) {
        String text = "\r" + line + " ".repeat(Math.max(0, width - line.length()));
        width = line.length();
        return text;
    }
}
