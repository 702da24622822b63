package org.deeplesion.jobs.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
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

/**
 * First pass over the archive: reads headers only (pixel data is skipped, not loaded) and classifies every file
 * as a CT slice, an annotation object, something to skip, or a reject with its reason. Headers are small, so the
 * driver can de-duplicate, order slices within series and leave out what the lake already has before any pixel
 * is decoded.
 */
final class HeaderPass implements FlatMapFunction<Iterator<SourceFile>, Header> {

    private static final long serialVersionUID = 1L;

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
    public Iterator<Header> call(Iterator<SourceFile> files) {
        Pseudonymizer pseudonymizer = new Pseudonymizer(secret);
        DicomReader reader = new DicomReader(new DicomReader.Options(maxValueLength, false));
        return PerItem.flatMap(files, f -> {
            List<Header> headers = classify(f, reader, pseudonymizer);
            filesRead.add(1);
            return headers;
        });
    }

    private List<Header> classify(SourceFile source, DicomReader reader, Pseudonymizer pseudonymizer) {
        try {
            DicomSources.Opened opened = DicomSources.open(conf.get(), source, reader);
            if (opened.verdict() == DicomProbe.Verdict.OTHER) {
                return List.of(new Header.Skipped(source, "not DICOM"));
            }
            DicomFile file = opened.file();
            String sopClass = file.sopClassUid();
            if (SopClass.MEDIA_STORAGE_DIRECTORY.equals(sopClass)
                    || file.dataset().contains(Tag.DirectoryRecordSequence)) {
                return List.of(new Header.Skipped(source, "DICOMDIR"));
            }
            if (SopClass.isAnnotation(sopClass)) {
                return List.of(object(source, file, pseudonymizer));
            }
            if (!SopClass.CT_IMAGE.equals(sopClass)) {
                return List.of(new Header.Rejected(
                        source,
                        "unsupported SOP class " + SopClass.name(sopClass) + "; only CT Image Storage is ingested"));
            }
            SliceHeader header = SliceHeader.of(file, pseudonymizer, replaceUids);
            List<Header> slices = new ArrayList<>(header.frames());
            for (int frame = 0; frame < header.frames(); frame++) {
                slices.add(new Header.Slice(
                        source,
                        header.studyUid(),
                        header.seriesUid(),
                        header.sopInstanceUid(),
                        frame,
                        header.instanceNumber(),
                        header.normalPosition()));
            }
            return slices;
        } catch (IOException | UncheckedIOException | IllegalArgumentException malformed) {
            // A file the parsers refuse; anything else is a bug here or in lib-common and fails the job.
            return List.of(new Header.Rejected(source, Rejects.reason(source.uri(), malformed)));
        }
    }

    private Header object(SourceFile source, DicomFile file, Pseudonymizer pseudonymizer) {
        ObjectHeader header = ObjectHeader.of(file, pseudonymizer, replaceUids);
        return new Header.Annotation(
                source,
                header.sopClassUid(),
                header.patientKey(),
                header.studyUid(),
                header.seriesUid(),
                header.sopInstanceUid(),
                header.referencedSopInstanceUids());
    }
}
