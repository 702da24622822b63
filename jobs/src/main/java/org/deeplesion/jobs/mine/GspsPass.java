package org.deeplesion.jobs.mine;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Pseudonymizer;
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.recist.ExtractedMeasurement;
import org.deeplesion.recist.Extraction;
import org.deeplesion.recist.ImageSize;
import org.deeplesion.recist.PresentationStateMeasurements;
import org.deeplesion.recist.RecistMeasurement;

/**
 * Reads presentation states on the executors and extracts their RECIST lines. Output rows: source, referenced SOP
 * Instance UID (as the lake knows it), 0-based frame, the eight endpoint coordinates (short axis null for a lone
 * line), label, and a problem (the other fields null) for what could not be read.
 */
final class GspsPass implements FlatMapFunction<Iterator<String>, Row> {

    private static final long serialVersionUID = 1L;

    private final HadoopConf conf;
    private final HashMap<String, int[]> sizes;
    private final byte[] uidSecret;

    /**
     * @param sizes rows and columns of the referenced images, by the lake's SOP Instance UID
     * @param uidSecret the key the lake's UIDs were replaced with, or null when the lake keeps the original UIDs
     */
    GspsPass(HadoopConf conf, Map<String, int[]> sizes, byte[] uidSecret) {
        this.conf = conf;
        this.sizes = new HashMap<>(sizes);
        this.uidSecret = uidSecret == null ? null : uidSecret.clone();
    }

    @Override
    public Iterator<Row> call(Iterator<String> sources) {
        Pseudonymizer uids = uidSecret == null ? null : new Pseudonymizer(uidSecret);
        DicomReader reader = new DicomReader(DicomReader.Options.headersOnly());
        List<Row> out = new ArrayList<>();
        while (sources.hasNext()) {
            String source = sources.next();
            try {
                Path path = new Path(source);
                FileStatus status = path.getFileSystem(conf.get()).getFileStatus(path);
                DicomFile file;
                try (InputStream in = path.getFileSystem(conf.get()).open(path)) {
                    file = reader.read(source, in, status.getLen());
                }
                Extraction extraction = PresentationStateMeasurements.extract(file.dataset(), uid -> {
                    int[] size = sizes.get(lakeUid(uids, uid));
                    return size == null ? Optional.empty() : Optional.of(new ImageSize(size[0], size[1]));
                });
                for (ExtractedMeasurement m : extraction.measurements()) {
                    RecistMeasurement r = m.measurement();
                    boolean two = r.hasShortAxis();
                    out.add(RowFactory.create(source, lakeUid(uids, m.referencedSopInstanceUid()),
                            m.referencedFrame() - 1, r.longStart().x(), r.longStart().y(), r.longEnd().x(),
                            r.longEnd().y(), two ? r.shortStart().x() : null, two ? r.shortStart().y() : null,
                            two ? r.shortEnd().x() : null, two ? r.shortEnd().y() : null, m.label(), null));
                }
                for (String problem : extraction.problems()) {
                    out.add(problem(source, source + ": " + problem));
                }
            } catch (Exception e) {
                out.add(problem(source, Rejects.reason(source, e)));
            }
        }
        return out.iterator();
    }

    private static String lakeUid(Pseudonymizer uids, String uid) {
        return uids == null ? uid : uids.uid(uid);
    }

    private static Row problem(String source, String reason) {
        return RowFactory.create(source, null, null, null, null, null, null, null, null, null, null, null, reason);
    }
}
