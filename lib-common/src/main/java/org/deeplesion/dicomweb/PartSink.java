package org.deeplesion.dicomweb;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives each retrieved instance's Part 10 bytes as they arrive. The stream ends exactly at the part's end; the sink
 * reads as much of it as it wants (the rest is skipped) and need not close it (closing it does nothing).
 *
 * <p>A retrieve whose response breaks off mid-body is retried from the start, so a sink may be given the same
 * instance again: it must tolerate that, e.g. by writing each instance to a file named by its SOP Instance UID, or
 * by de-duplicating downstream.
 */
@FunctionalInterface
public interface PartSink {

    void accept(InputStream part) throws IOException;
}
