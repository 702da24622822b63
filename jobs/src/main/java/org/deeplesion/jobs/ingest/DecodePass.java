package org.deeplesion.jobs.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.ct.HounsfieldUnits;
import org.deeplesion.ct.SliceHeader;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Pseudonymizer;
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.PerItem;
import org.deeplesion.jobs.spark.RowValues;

/**
 * Second pass: decodes the pixels of the files the header pass selected into {@code slices} rows. Files are read
 * one at a time inside the task, so executor memory holds one file's pixels, whatever the archive's size. A file
 * that fails here (a corrupt compressed frame) becomes a reject through the accumulator; the task goes on.
 */
final class DecodePass implements FlatMapFunction<Iterator<SelectedFile>, Row> {

    private static final long serialVersionUID = 1L;

    private final HadoopConf conf;
    private final byte[] secret;
    private final boolean replaceUids;
    private final long maxValueLength;
    private final String runId;
    private final CollectionAccumulator<Reject> rejects;
    private final LongAccumulator slices;

    DecodePass(
            HadoopConf conf,
            byte[] secret,
            boolean replaceUids,
            long maxValueLength,
            String runId,
            CollectionAccumulator<Reject> rejects,
            LongAccumulator slices) {
        this.conf = conf;
        this.secret = secret.clone();
        this.replaceUids = replaceUids;
        this.maxValueLength = maxValueLength;
        this.runId = runId;
        this.rejects = rejects;
        this.slices = slices;
    }

    @Override
    public Iterator<Row> call(Iterator<SelectedFile> selected) {
        Pseudonymizer pseudonymizer = new Pseudonymizer(secret);
        DicomReader reader = new DicomReader(new DicomReader.Options(maxValueLength, true));
        return PerItem.flatMap(selected, file -> decode(file, reader, pseudonymizer));
    }

    private List<Row> decode(SelectedFile selected, DicomReader reader, Pseudonymizer pseudonymizer) {
        SourceFile source = selected.source();
        Double interval = selected.intervalMm();
        try {
            DicomFile file = DicomSources.open(conf.get(), source, reader).file();
            SliceHeader h = SliceHeader.of(file, pseudonymizer, replaceUids);
            List<Row> out = new ArrayList<>(selected.frames());
            for (int i = 0; i < selected.frames(); i++) {
                int frameIndex = selected.frameIndex(i);
                byte[] hu = HounsfieldUnits.littleEndian(file, frameIndex);
                out.add(RowFactory.create(
                        h.patientKey(),
                        h.studyUid(),
                        h.seriesUid(),
                        h.sopInstanceUid(),
                        frameIndex,
                        h.sopClassUid(),
                        h.instanceNumber(),
                        selected.sliceIndex(i),
                        h.normalPosition(),
                        RowValues.array(boxed(h.position())),
                        RowValues.array(boxed(h.orientation())),
                        h.rows(),
                        h.columns(),
                        h.rowSpacing(),
                        h.columnSpacing(),
                        h.sliceThickness(),
                        interval != null ? interval : h.spacingBetweenSlices(),
                        h.window() == null ? null : h.window().center(),
                        h.window() == null ? null : h.window().width(),
                        h.modality(),
                        h.bodyPart(),
                        h.manufacturer(),
                        file.transferSyntax().uid(),
                        hu,
                        source.uri(),
                        "dicom",
                        source.size(),
                        new Timestamp(source.modified()),
                        runId));
            }
            slices.add(out.size());
            return out;
        } catch (IOException | UncheckedIOException | IllegalArgumentException malformed) {
            // A file the decoders refuse; anything else is a bug here or in lib-common and fails the job.
            rejects.add(Reject.ofFile(
                    source.uri(), source.size(), source.modified(), Rejects.reason(source.uri(), malformed)));
            return List.of();
        }
    }

    private static List<Double> boxed(double[] values) {
        if (values == null) {
            return null;
        }
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
