package org.deeplesion.jobs.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * A Delta table's current version read straight from its transaction log and Parquet files on any Hadoop file
 * system, so that a test's checks need no Spark of their own: the files the log adds and has not removed, with
 * the record counts Delta keeps per file. Reads JSON commits only: enough for tables of fewer than ten commits,
 * before Delta writes its first Parquet checkpoint.
 */
final class DeltaLogReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path table;

    DeltaLogReader(FileSystem fs, Path table) {
        this.fs = requireNonNull(fs, "fs");
        this.table = requireNonNull(table, "table");
    }

    /** The rows of the table's current version. */
    long rows() throws IOException {
        return liveFiles().values().stream().mapToLong(Long::longValue).sum();
    }

    /** One string column of every row of the current version, read from its Parquet files. */
    List<String> column(String name) throws IOException {
        requireNonNull(name, "name");
        List<String> out = new ArrayList<>();
        for (String file : liveFiles().keySet()) {
            Path path = new Path(table, URI.create(file).getPath());
            Configuration conf = new Configuration(fs.getConf());
            try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
                MessageType schema = footer.getFooter().getFileMetaData().getSchema();
                conf.set(
                        ReadSupport.PARQUET_READ_SCHEMA,
                        new MessageType(schema.getName(), schema.getType(name)).toString());
            }
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path)
                    .withConf(conf)
                    .build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    out.add(row.getString(name, 0));
                }
            }
        }
        return out;
    }

    private Map<String, Long> liveFiles() throws IOException {
        Map<String, Long> live = new HashMap<>();
        FileStatus[] commits =
                fs.listStatus(new Path(table, "_delta_log"), p -> p.getName().endsWith(".json"));
        Arrays.sort(commits, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus commit : commits) {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(fs.open(commit.getPath()), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode action = JSON.readTree(line);
                    if (action.has("add")) {
                        JsonNode add = action.get("add");
                        live.put(
                                add.get("path").asText(),
                                JSON.readTree(add.get("stats").asText())
                                        .get("numRecords")
                                        .asLong());
                    } else if (action.has("remove")) {
                        live.remove(action.get("remove").get("path").asText());
                    }
                }
            }
        }
        return live;
    }
}
