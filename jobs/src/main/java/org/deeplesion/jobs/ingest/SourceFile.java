package org.deeplesion.jobs.ingest;

import java.io.Serializable;
import java.util.Objects;

/**
 * A file of the archive as listed: Hadoop URI, size and modification time (ms since the epoch). A class rather than
 * a record because Spark's Kryo cannot build serializers for records, and file lists travel as task data.
 */
public final class SourceFile implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String uri;
    private final long size;
    private final long modified;

    public SourceFile(String uri, long size, long modified) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.size = size;
        this.modified = modified;
    }

    public String uri() {
        return uri;
    }

    public long size() {
        return size;
    }

    public long modified() {
        return modified;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceFile f && f.uri.equals(uri) && f.size == size && f.modified == modified;
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, size, modified);
    }

    @Override
    public String toString() {
        return uri;
    }
}
