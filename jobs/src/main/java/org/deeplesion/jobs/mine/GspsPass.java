package org.deeplesion.jobs.mine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Pseudonymizer;
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.recist.ExtractedMeasurement;
import org.deeplesion.recist.Extraction;
import org.deeplesion.recist.ImageSize;
import org.deeplesion.recist.PresentationStateMeasurements;

/**
 * Reads presentation states on the executors and extracts their RECIST lines: one finding per measurement, on the
 * image as the lake knows it, and one per problem, for what could not be read.
 */
final class GspsPass implements FlatMapFunction<Iterator<String>, GspsFinding> {

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
    public Iterator<GspsFinding> call(Iterator<String> sources) {
        Pseudonymizer uids = uidSecret == null ? null : new Pseudonymizer(uidSecret);
        DicomReader reader = new DicomReader(DicomReader.Options.headersOnly());
        List<GspsFinding> out = new ArrayList<>();
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
                    out.add(GspsFinding.measurement(
                            source,
                            lakeUid(uids, m.referencedSopInstanceUid()),
                            m.referencedFrame() - 1,
                            m.measurement(),
                            m.label()));
                }
                for (String problem : extraction.problems()) {
                    out.add(GspsFinding.problem(source, source + ": " + problem));
                }
            } catch (IOException | UncheckedIOException | IllegalArgumentException malformed) {
                // A file the reader refuses; anything else is a bug here or in lib-common and fails the job.
                out.add(GspsFinding.problem(source, Rejects.reason(source, malformed)));
            }
        }
        return out.iterator();
    }

    private static String lakeUid(Pseudonymizer uids, String uid) {
        return uids == null ? uid : uids.uid(uid);
    }
}
