package org.deeplesion.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "Run Spark SQL over the lake; every table is a view under its own name (slices, rejects, ...).")
final class SqlCommand implements Callable<Integer> {

    /** How results are printed. */
    enum Format {
        TABLE,
        CSV,
        JSON
    }

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(names = "--format", defaultValue = "TABLE", description = "table, csv or json. Default: table.")
    Format format;

    @Option(names = "--limit", defaultValue = "1000", description = "Most rows printed. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Parameters(index = "0", description = "The query.")
    String query;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.create("deeplesion-sql");
        Lake l = new Lake(spark, lake);
        List<String> views = new ArrayList<>();
        for (LakeTable t : LakeTable.values()) {
            // A session that queried another lake before (a notebook, the tests) may hold a view of this name.
            spark.catalog().dropTempView(t.tableName());
            l.read(t).ifPresent(df -> {
                df.createOrReplaceTempView(t.tableName());
                views.add(t.tableName());
            });
        }
        Dataset<Row> result = analysed(spark, views).limit(limit);
        switch (format) {
            case TABLE -> printable(result).show(limit, 60, false);
            case CSV -> {
                Dataset<Row> p = printable(result);
                System.out.println(String.join(",", p.columns()));
                for (Row r : p.collectAsList()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < r.length(); i++) {
                        sb.append(i == 0 ? "" : ",").append(csv(r.get(i)));
                    }
                    System.out.println(sb);
                }
            }
            case JSON -> printable(result).toJSON().collectAsList().forEach(System.out::println);
        }
        return 0;
    }

    /**
     * The query, analysed: a mistake in it (syntax, a column, a table) is the user's, so it becomes one line that
     * names the query's problem; a lake table that is not written yet says which command writes it.
     */
    private Dataset<Row> analysed(SparkSession spark, List<String> views) {
        try {
            return spark.sql(query);
        } catch (Exception e) {
            // Spark's Scala API throws AnalysisException without declaring it, so Java can catch it only this way.
            if (!(e instanceof AnalysisException a)) {
                throw e;
            }
            throw new IllegalArgumentException(problem(a, views), a);
        }
    }

    private String problem(AnalysisException e, List<String> views) {
        String relation = e.getMessageParameters().get("relationName");
        if (!"TABLE_OR_VIEW_NOT_FOUND".equals(e.getErrorClass()) || relation == null) {
            return "the query: " + e.getSimpleMessage();
        }
        String name = relation.replace("`", "");
        for (LakeTable t : LakeTable.values()) {
            if (t.tableName().equalsIgnoreCase(name)) {
                return "lake " + lake + " has no " + t.tableName() + " table yet; deeplesion " + t.writtenBy()
                        + " writes it";
            }
        }
        return "lake " + lake + " has no table " + name + "; its tables are "
                + (views.isEmpty() ? "none (is --lake a lake?)" : String.join(", ", views));
    }

    /** Binary columns (pixels) print as their size, not as megabytes of hex. */
    private static Dataset<Row> printable(Dataset<Row> df) {
        Column[] cols = new Column[df.schema().fields().length];
        int i = 0;
        for (StructField f : df.schema().fields()) {
            Column c = functions.col("`" + f.name() + "`");
            cols[i++] = f.dataType() instanceof BinaryType
                    ? functions
                            .concat(functions.lit("<"), functions.length(c), functions.lit(" bytes>"))
                            .as(f.name())
                    : c;
        }
        return df.select(cols);
    }

    private static String csv(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
