package org.deeplesion.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.ct.HuPixels;
import org.deeplesion.dicom.Pseudonymizer;
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.PerItem;
import org.deeplesion.release.DeepLesionPng;
import org.deeplesion.release.DeepLesionUids;
import org.deeplesion.release.DlSeriesKey;
import org.deeplesion.release.HuImage;

/**
 * Decodes the release's 16-bit PNG slices (HU = value - 32768) into {@code slices} rows; geometry and windows come
 * from DL_info.csv, identity from the folder and file names (patient, study, series, 1-based slice number).
 */
final class PngPass implements FlatMapFunction<Iterator<SourceFile>, Row> {

    private static final long serialVersionUID = 1L;

    private final HadoopConf conf;
    private final byte[] secret;
    private final HashMap<String, DeepLesionRelease.SeriesGeometry> geometry;
    private final String runId;
    private final CollectionAccumulator<Reject> rejects;
    private final LongAccumulator slices;

    PngPass(
            HadoopConf conf,
            byte[] secret,
            Map<String, DeepLesionRelease.SeriesGeometry> geometry,
            String runId,
            CollectionAccumulator<Reject> rejects,
            LongAccumulator slices) {
        this.conf = conf;
        this.secret = secret.clone();
        this.geometry = new HashMap<>(geometry);
        this.runId = runId;
        this.rejects = rejects;
        this.slices = slices;
    }

    @Override
    public Iterator<Row> call(Iterator<SourceFile> files) {
        Pseudonymizer pseudonymizer = new Pseudonymizer(secret);
        return PerItem.flatMap(files, f -> decode(f, pseudonymizer));
    }

    private List<Row> decode(SourceFile source, Pseudonymizer pseudonymizer) {
        try {
            Path path = new Path(source.uri());
            String folder = path.getParent().getName();
            DlSeriesKey key = DlSeriesKey.parseFolderName(folder);
            int sliceNumber = sliceNumber(path.getName());
            DeepLesionRelease.SeriesGeometry g = geometry.get(folder);
            if (g == null) {
                throw new IllegalArgumentException(
                        "series " + folder + " is not listed in " + DeepLesionRelease.DL_INFO);
            }
            HuImage image;
            try (InputStream in = path.getFileSystem(conf.get()).open(path)) {
                image = DeepLesionPng.read(source.uri(), in);
            }
            List<Row> out = new ArrayList<>(1);
            out.add(RowFactory.create(
                    pseudonymizer.patientKey("DeepLesion", DeepLesionUids.patientId(key)),
                    DeepLesionUids.study(key),
                    DeepLesionUids.series(key),
                    DeepLesionUids.slice(key, sliceNumber),
                    0,
                    null,
                    sliceNumber,
                    sliceNumber - 1,
                    (sliceNumber - 1) * g.zMm,
                    null,
                    null,
                    image.rows(),
                    image.columns(),
                    g.yMm,
                    g.xMm,
                    g.zMm,
                    g.zMm,
                    (g.windowLow + g.windowHigh) / 2,
                    g.windowHigh - g.windowLow,
                    "CT",
                    null,
                    null,
                    null,
                    HuPixels.toBytes(image.hu()),
                    source.uri(),
                    "deeplesion_png",
                    source.size(),
                    new Timestamp(source.modified()),
                    runId));
            slices.add(1);
            return out;
        } catch (IOException | UncheckedIOException | IllegalArgumentException malformed) {
            // A file or name the release's readers refuse; anything else is a bug and fails the job.
            rejects.add(Reject.ofFile(
                    source.uri(), source.size(), source.modified(), Rejects.reason(source.uri(), malformed)));
            return List.of();
        }
    }

    private static int sliceNumber(String fileName) {
        if (!fileName.matches("\\d{1,5}\\.png")) {
            throw new IllegalArgumentException("'" + fileName + "' is not a DeepLesion slice file name like 109.png");
        }
        return Integer.parseInt(fileName.substring(0, fileName.length() - 4));
    }
}
