package org.deeplesion.jobs.ingest;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.ct.SliceHeader;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomProbe;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.ObjectHeader;
import org.deeplesion.dicom.Pseudonymizer;
import org.deeplesion.dicom.SopClass;
import org.deeplesion.dicom.Tag;
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.PerItem;
import org.deeplesion.jobs.spark.RowValues;

/**
 * First pass over the archive: reads headers only (pixel data is skipped, not loaded) and classifies every file
 * as a CT slice, an annotation object, something to skip, or a reject with its reason. Rows are small, so the
 * driver can de-duplicate, order slices within series and leave out what the lake already has before any pixel
 * is decoded.
 */
final class HeaderPass implements FlatMapFunction<Iterator<SourceFile>, Row> {

    private static final long serialVersionUID = 1L;

    static final String SLICE = "slice";
    static final String OBJECT = "object";
    static final String SKIPPED = "skipped";
    static final String REJECTED = "rejected";

    static final StructType SCHEMA = new StructType()
            .add("kind", StringType, false)
            .add("source", StringType, false)
            .add("source_size", LongType, false)
            .add("source_modified", LongType, false)
            .add("reason", StringType, true)
            .add("patient_key", StringType, true)
            .add("study_uid", StringType, true)
            .add("series_uid", StringType, true)
            .add("sop_instance_uid", StringType, true)
            .add("sop_class_uid", StringType, true)
            .add("sop_class_name", StringType, true)
            .add("frame_index", IntegerType, true)
            .add("instance_number", IntegerType, true)
            .add("position_mm", DoubleType, true)
            .add("referenced", createArrayType(DataTypes.StringType, false), true);

    /** A column of a header row by name (rows from tasks carry no schema of their own). */
    @SuppressWarnings("unchecked")
    static <T> T get(Row header, String column) {
        return (T) header.get(SCHEMA.fieldIndex(column));
    }

    private final HadoopConf conf;
    private final byte[] secret;
    private final boolean replaceUids;
    private final long maxValueLength;
    /** Files classified, for the driver's progress line. */
    private final LongAccumulator filesRead;

    HeaderPass(HadoopConf conf, byte[] secret, boolean replaceUids, long maxValueLength, LongAccumulator filesRead) {
        this.conf = conf;
        this.secret = secret.clone();
        this.replaceUids = replaceUids;
        this.maxValueLength = maxValueLength;
        this.filesRead = filesRead;
    }

    @Override
    public Iterator<Row> call(Iterator<SourceFile> files) {
        Pseudonymizer pseudonymizer = new Pseudonymizer(secret);
        DicomReader reader = new DicomReader(new DicomReader.Options(maxValueLength, false));
        return PerItem.flatMap(files, f -> {
            List<Row> rows = classify(f, reader, pseudonymizer);
            filesRead.add(1);
            return rows;
        });
    }

    private List<Row> classify(SourceFile source, DicomReader reader, Pseudonymizer pseudonymizer) {
        try {
            DicomSources.Opened opened = DicomSources.open(conf.get(), source, reader);
            if (opened.verdict() == DicomProbe.Verdict.OTHER) {
                return List.of(row(SKIPPED, source, "not DICOM"));
            }
            DicomFile file = opened.file();
            String sopClass = file.sopClassUid();
            if (SopClass.MEDIA_STORAGE_DIRECTORY.equals(sopClass)
                    || file.dataset().contains(Tag.DirectoryRecordSequence)) {
                return List.of(row(SKIPPED, source, "DICOMDIR"));
            }
            if (SopClass.isAnnotation(sopClass)) {
                return List.of(object(source, file, pseudonymizer));
            }
            if (!SopClass.CT_IMAGE.equals(sopClass)) {
                return List.of(row(REJECTED, source, "unsupported SOP class " + SopClass.name(sopClass)
                        + "; only CT Image Storage is ingested"));
            }
            SliceHeader header = SliceHeader.of(file, pseudonymizer, replaceUids);
            List<Row> rows = new ArrayList<>(header.frames());
            for (int frame = 0; frame < header.frames(); frame++) {
                rows.add(RowFactory.create(SLICE, source.uri(), source.size(), source.modified(), null,
                        header.patientKey(), header.studyUid(), header.seriesUid(), header.sopInstanceUid(),
                        sopClass, SopClass.name(sopClass), frame, header.instanceNumber(), header.normalPosition(),
                        null));
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            return List.of(row(REJECTED, source, Rejects.reason(source.uri(), e)));
        }
    }

    private Row object(SourceFile source, DicomFile file, Pseudonymizer pseudonymizer) {
        ObjectHeader header = ObjectHeader.of(file, pseudonymizer, replaceUids);
        // A mutable copy: the row travels to the driver by Kryo, which cannot rebuild an immutable list.
        List<String> referenced = new ArrayList<>(header.referencedSopInstanceUids());
        return RowFactory.create(OBJECT, source.uri(), source.size(), source.modified(), null, header.patientKey(),
                header.studyUid(), header.seriesUid(), header.sopInstanceUid(), header.sopClassUid(),
                SopClass.name(header.sopClassUid()), null, null, null, RowValues.array(referenced));
    }

    private static Row row(String kind, SourceFile source, String reason) {
        return RowFactory.create(kind, source.uri(), source.size(), source.modified(), reason, null, null, null,
                null, null, null, null, null, null, null);
    }
}
