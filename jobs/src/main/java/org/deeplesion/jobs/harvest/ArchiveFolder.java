package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Pseudonymizer;

/**
 * The archive a harvest writes: {@code <study>/<series>/<instance>.dcm} under the archive root, every name a keyed
 * pseudonym of the UID (no patient name, ID or accession number in any path). An instance is streamed to a hidden
 * temporary file, which ingest never lists, and renamed to its name once complete, so that a run killed at any
 * moment leaves no partial file visible and every instance at most once.
 */
final class ArchiveFolder {

    private static final DicomReader HEADERS = new DicomReader(DicomReader.Options.headersOnly());
    private static final int BUFFER = 1 << 16;

    private final FileSystem fs;
    private final Path root;
    private final Pseudonymizer names;

    ArchiveFolder(Configuration conf, String root, byte[] secret) throws IOException {
        this.root = new Path(requireNonNull(root, "root"));
        FileSystem any = this.root.getFileSystem(requireNonNull(conf, "conf"));
        // No .crc file beside each instance on local disks: the archive is for DICOM tools, and every instance
        // is read back (its header) as soon as it is written.
        this.fs = any instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : any;
        this.names = new Pseudonymizer(secret);
    }

    /** Where an instance of a series is kept. */
    Path instance(String studyUid, String seriesUid, String sopInstanceUid) {
        return new Path(series(studyUid, seriesUid), names.uid(sopInstanceUid) + ".dcm");
    }

    boolean contains(String studyUid, String seriesUid, String sopInstanceUid) throws IOException {
        return fs.exists(instance(studyUid, seriesUid, sopInstanceUid));
    }

    /**
     * Writes one retrieved instance of the series, named by its SOP Instance UID as its header says.
     *
     * @return what was received and whether it was new to the archive
     */
    Received write(String studyUid, String seriesUid, InputStream part) throws IOException {
        Path folder = series(studyUid, seriesUid);
        Path temporary = new Path(folder, ".part-" + UUID.randomUUID());
        long bytes = 0;
        try {
            try (OutputStream out = fs.create(temporary, true)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = part.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    bytes += n;
                }
            }
            DicomFile header;
            try (InputStream in = fs.open(temporary)) {
                header = HEADERS.read(temporary.toString(), in, bytes);
            }
            String sop = header.sopInstanceUid();
            if (sop == null || sop.isEmpty()) {
                throw new IOException("study " + studyUid + ", series " + seriesUid
                        + ": the server sent an instance without a SOP Instance UID");
            }
            Path target = instance(studyUid, seriesUid, sop);
            boolean isNew = !fs.exists(target) && fs.rename(temporary, target);
            return new Received(sop, bytes, isNew, header.dataset());
        } finally {
            fs.delete(temporary, false);
        }
    }

    private Path series(String studyUid, String seriesUid) {
        return new Path(new Path(root, names.uid(studyUid)), names.uid(seriesUid));
    }

    /**
     * One instance received from the server.
     *
     * @param header its attributes, pixel data left out
     */
    record Received(String sopInstanceUid, long bytes, boolean isNew, DicomDataset header) {}
}
