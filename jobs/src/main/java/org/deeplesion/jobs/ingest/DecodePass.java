package org.deeplesion.jobs.ingest;

import java.io.IOException;
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
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.PerItem;
import org.deeplesion.jobs.spark.RowValues;

/**
 * Second pass: decodes the pixels of the files the header pass selected into {@code slices} rows. Files are read
 * one at a time inside the task, so executor memory holds one file's pixels, whatever the archive's size. A file
 * that fails here (a corrupt compressed frame) becomes a reject through the accumulator; the task goes on.
 */
final class DecodePass implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    private final HadoopConf conf;
    private final byte[] secret;
    private final boolean replaceUids;
    private final long maxValueLength;
    private final String runId;
    private final CollectionAccumulator<String> rejects;
    private final LongAccumulator slices;

    DecodePass(HadoopConf conf, byte[] secret, boolean replaceUids, long maxValueLength, String runId,
            CollectionAccumulator<String> rejects, LongAccumulator slices) {
        this.conf = conf;
        this.secret = secret.clone();
        this.replaceUids = replaceUids;
        this.maxValueLength = maxValueLength;
        this.runId = runId;
        this.rejects = rejects;
        this.slices = slices;
    }

    /** Input rows: source, source_size, source_modified, frames (array of frame_index, slice_index), interval. */
    @Override
    public Iterator<Row> call(Iterator<Row> selected) {
        Pseudonymizer pseudonymizer = new Pseudonymizer(secret);
        DicomReader reader = new DicomReader(new DicomReader.Options(maxValueLength, true));
        return PerItem.flatMap(selected, row -> decode(row, reader, pseudonymizer));
    }

    private List<Row> decode(Row in, DicomReader reader, Pseudonymizer pseudonymizer) {
        SourceFile source = new SourceFile(in.getString(0), in.getLong(1), in.getLong(2));
        List<Row> frames = in.getList(3);
        Double interval = in.isNullAt(4) ? null : in.getDouble(4);
        try {
            DicomFile file = DicomSources.open(conf.get(), source, reader).file();
            SliceHeader h = SliceHeader.of(file, pseudonymizer, replaceUids);
            List<Row> out = new ArrayList<>(frames.size());
            for (Row frame : frames) {
                int frameIndex = frame.getInt(0);
                byte[] hu = HounsfieldUnits.littleEndian(file, frameIndex);
                out.add(RowFactory.create(h.patientKey(), h.studyUid(), h.seriesUid(), h.sopInstanceUid(),
                        frameIndex, h.sopClassUid(), h.instanceNumber(), frame.getInt(1), h.normalPosition(),
                        RowValues.array(boxed(h.position())),
                        RowValues.array(boxed(h.orientation())), h.rows(), h.columns(),
                        h.rowSpacing(), h.columnSpacing(), h.sliceThickness(),
                        interval != null ? interval : h.spacingBetweenSlices(),
                        h.window() == null ? null : h.window().center(),
                        h.window() == null ? null : h.window().width(), h.modality(), h.bodyPart(),
                        h.manufacturer(), file.transferSyntax().uid(), hu, source.uri(),
                        "dicom", source.size(), new Timestamp(source.modified()), runId));
            }
            slices.add(out.size());
            return out;
        } catch (IOException | RuntimeException e) {
            rejects.add(Rejects.encode(source.uri(), source.size(), source.modified(),
                    Rejects.reason(source.uri(), e)));
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
