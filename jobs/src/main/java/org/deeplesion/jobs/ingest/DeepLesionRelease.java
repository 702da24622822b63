package org.deeplesion.jobs.ingest;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplesion.release.DlInfoCsv;
import org.deeplesion.release.DlInfoFormatException;
import org.deeplesion.release.DlInfoRow;

/**
 * An input laid out as the public DeepLesion release: {@code DL_info.csv} beside {@code Images_png/}. The CSV is
 * small (one row per lesion), so the driver reads it and ships each series' geometry to the tasks.
 */
final class DeepLesionRelease {

    static final String DL_INFO = "DL_info.csv";

    /** What the CSV says of one series: spacing (mm) and the reader's window (HU). */
    static final class SeriesGeometry implements Serializable {
        private static final long serialVersionUID = 1L;
        final double xMm;
        final double yMm;
        final double zMm;
        final double windowLow;
        final double windowHigh;

        SeriesGeometry(DlInfoRow row) {
            this.xMm = row.spacing().xMm();
            this.yMm = row.spacing().yMm();
            this.zMm = row.spacing().zMm();
            this.windowLow = row.window().low();
            this.windowHigh = row.window().high();
        }
    }

    private DeepLesionRelease() {}

    /** Whether an input folder is a DeepLesion release (has DL_info.csv at its root). */
    static boolean isRelease(Configuration conf, String input) throws IOException {
        Path csv = new Path(input, DL_INFO);
        return csv.getFileSystem(conf).exists(csv);
    }

    /** What DL_info.csv gives: geometry per series folder, and a problem per row that could not be read. */
    record Info(Map<String, SeriesGeometry> geometry, List<DlInfoFormatException> problems) {}

    /** Series folder name (e.g. 000001_01_01) to geometry, from the release's DL_info.csv. */
    static Info read(Configuration conf, String input) throws IOException {
        Path csv = new Path(input, DL_INFO);
        FileSystem fs = csv.getFileSystem(conf);
        DlInfoCsv.Lenient parsed;
        try (Reader reader = new InputStreamReader(fs.open(csv), StandardCharsets.UTF_8)) {
            parsed = DlInfoCsv.readLenient(csv.toString(), reader);
        }
        Map<String, SeriesGeometry> out = new HashMap<>();
        for (DlInfoRow row : parsed.rows()) {
            out.putIfAbsent(row.seriesKey().folderName(), new SeriesGeometry(row));
        }
        return new Info(out, parsed.problems());
    }
}
