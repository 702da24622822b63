package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * A Parquet data file written into a table's folder: what a commit needs to add it to the Delta log, and the keys of
 * its rows, so that a commit can leave out keys that another run committed first.
 *
 * <p>Tasks return it to the driver. Spark moves task results with Kryo, whose field serializer cannot build a record,
 * so Kryo hands it to Java serialization, which builds records through their canonical constructor.
 *
 * @param path the file relative to the table, URI-encoded, as Delta records it
 * @param partitionValues the file's value of each partition column, in the table's order; null for a null value
 * @param size bytes
 * @param modified modification time, epoch milliseconds
 * @param stats Delta's per-file statistics JSON, empty when not known
 * @param keys the {@link RowKey} of each row, in file order; empty when not known
 */
@DefaultSerializer(JavaSerializer.class)
record DataFile(String path, List<String> partitionValues, long size, long modified, String stats, List<String> keys)
        implements Serializable {

    DataFile {
        requireNonNull(path, "path");
        partitionValues =
                Collections.unmodifiableList(new ArrayList<>(requireNonNull(partitionValues, "partitionValues")));
        requireNonNull(stats, "stats");
        keys = List.copyOf(requireNonNull(keys, "keys"));
    }

    /** The file's location: Delta's relative path resolved against the table's root. */
    Path location(String tableRoot) {
        requireNonNull(tableRoot, "tableRoot");
        try {
            return new Path(new Path(tableRoot), new Path(new URI(path)));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("data file path " + path + " is not a URI", e);
        }
    }
}
