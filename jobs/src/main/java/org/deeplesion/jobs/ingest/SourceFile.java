package org.deeplesion.jobs.ingest;

import java.io.Serializable;

/** A file of the archive as listed: Hadoop URI, size and modification time (ms since the epoch). */
public record SourceFile(String uri, long size, long modified) implements Serializable {
}
