package org.deeplesion.jobs.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomProbe;
import org.deeplesion.dicom.DicomReader;

/** Opens archive files on any Hadoop file system and parses those that are DICOM. */
final class DicomSources {

    private static final int STREAM_BUFFER = 8 * 1024;

    /** A parsed file, or null with the probe's verdict when the file is not DICOM. */
    record Opened(DicomProbe.Verdict verdict, DicomFile file) {}

    private DicomSources() {}

    static Opened open(Configuration conf, SourceFile source, DicomReader reader) throws IOException {
        Path path = new Path(source.uri());
        FileSystem fs = path.getFileSystem(conf);
        if (fs instanceof ChecksumFileSystem checksummed) {
            // Archives are not written through Hadoop, so they have no .crc side files to verify: the raw local
            // file system skips looking for one per file.
            fs = checksummed.getRawFileSystem();
        }
        // The reader buffers for itself and reads pixel data straight into its array: a small stream buffer.
        try (InputStream in = fs.open(path, STREAM_BUFFER)) {
            byte[] head = in.readNBytes(DicomProbe.HEAD_LENGTH);
            DicomProbe.Verdict verdict = DicomProbe.classify(source.uri(), head, head.length);
            if (verdict == DicomProbe.Verdict.OTHER) {
                return new Opened(verdict, null);
            }
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), in);
            return new Opened(verdict, reader.read(source.uri(), whole, source.size()));
        }
    }
}
