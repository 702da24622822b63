package org.deeplesion.release;

import java.io.IOException;

/** A DL_info.csv that cannot be read: names the file, the 1-based line and, where known, the column. */
public final class DlInfoFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    public DlInfoFormatException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    public DlInfoFormatException(String source, int line, String problem, Throwable cause) {
        super(source + ":" + line + ": " + problem, cause);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }
}
