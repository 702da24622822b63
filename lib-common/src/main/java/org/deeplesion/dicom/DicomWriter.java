package org.deeplesion.dicom;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes DICOM Part 10 files: preamble, file meta information, then the data set in explicit or implicit VR
 * little endian; pixel data given as fragments is written encapsulated. Sequences and items are written with
 * undefined length, which every reader must support and which lets items be written in one pass.
 */
public final class DicomWriter {

    /** Our implementation class UID (2.25 root, derived from a fixed UUID) and version name. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.98233651339468170451402447413581694207";

    public static final String IMPLEMENTATION_VERSION = "DEEPLESION_01";

    private DicomWriter() {}

    public static void write(DicomDataset dataset, TransferSyntax ts, Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(dataset, ts, out);
        }
    }

    public static byte[] toBytes(DicomDataset dataset, TransferSyntax ts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize(dataset));
        write(dataset, ts, out);
        return out.toByteArray();
    }

    /**
     * Writes a file with a meta group built from the data set's SOP Class and Instance UIDs.
     *
     * @throws IllegalArgumentException when the syntax is one this writer does not produce, or the data set has no
     *     SOP UIDs, or encapsulated pixel data is given for a native syntax (or the reverse)
     */
    public static void write(DicomDataset dataset, TransferSyntax ts, OutputStream out) throws IOException {
        if (ts.bigEndian() || ts.deflated()) {
            throw new IllegalArgumentException("writing " + ts.displayName() + " is not supported");
        }
        String sopClass = require(dataset, Tag.SOPClassUID);
        String sopInstance = require(dataset, Tag.SOPInstanceUID);
        DicomElement pixels = dataset.get(Tag.PixelData);
        if (pixels != null && pixels.isEncapsulated() != ts.encapsulated()) {
            throw new IllegalArgumentException("pixel data is " + (pixels.isEncapsulated() ? "" : "not ")
                    + "encapsulated but the transfer syntax is " + ts.displayName());
        }
        DicomDataset meta = new DicomDataset();
        meta.putBytes(Tag.FileMetaInformationVersion, Vr.OB, new byte[] {0, 1});
        meta.putString(Tag.MediaStorageSOPClassUID, Vr.UI, sopClass);
        meta.putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, sopInstance);
        meta.putString(Tag.TransferSyntaxUID, Vr.UI, ts.uid());
        meta.putString(Tag.ImplementationClassUID, Vr.UI, IMPLEMENTATION_CLASS_UID);
        meta.putString(Tag.ImplementationVersionName, Vr.SH, IMPLEMENTATION_VERSION);
        ByteArrayOutputStream metaBytes = new ByteArrayOutputStream(256);
        Encoder metaEncoder = new Encoder(metaBytes, true);
        metaEncoder.dataset(meta);

        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        Encoder header = new Encoder(out, true);
        header.header(Tag.FileMetaInformationGroupLength, Vr.UL, 4);
        header.u32(metaBytes.size());
        metaBytes.writeTo(out);
        new Encoder(out, ts.explicitVr()).dataset(dataset);
        out.flush();
    }

    private static String require(DicomDataset ds, int tag) {
        String v = ds.string(tag);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("cannot write a data set without " + Tag.toString(tag));
        }
        return v;
    }

    private static int estimateSize(DicomDataset ds) {
        DicomElement px = ds.get(Tag.PixelData);
        return 4096 + (px != null && px.value() != null ? px.value().length : 0);
    }

    /** Encodes elements little endian, explicit or implicit VR. */
    private static final class Encoder {
        private final OutputStream out;
        private final boolean explicit;
        private final byte[] scratch = new byte[12];

        Encoder(OutputStream out, boolean explicit) {
            this.out = out;
            this.explicit = explicit;
        }

        void dataset(DicomDataset ds) throws IOException {
            for (DicomElement e : ds.elements()) {
                element(e);
            }
        }

        private void element(DicomElement e) throws IOException {
            if (e.isSkipped()) {
                throw new IllegalArgumentException(
                        "cannot write " + Tag.toString(e.tag()) + ": its value was skipped when the file was read");
            }
            if (e.isSequence()) {
                header(e.tag(), Vr.SQ, -1);
                for (DicomDataset item : e.items()) {
                    itemTag(Tag.Item, -1);
                    dataset(item);
                    itemTag(Tag.ItemDelimitationItem, 0);
                }
                itemTag(Tag.SequenceDelimitationItem, 0);
            } else if (e.isEncapsulated()) {
                header(e.tag(), e.vr() == Vr.OW ? Vr.OB : e.vr(), -1);
                List<byte[]> fragments = e.fragments();
                for (byte[] f : fragments) {
                    itemTag(Tag.Item, f.length + (f.length & 1));
                    out.write(f);
                    if ((f.length & 1) == 1) {
                        out.write(0);
                    }
                }
                itemTag(Tag.SequenceDelimitationItem, 0);
            } else {
                byte[] v = e.value();
                boolean pad = (v.length & 1) == 1;
                header(e.tag(), e.vr(), v.length + (pad ? 1 : 0));
                out.write(v);
                if (pad) {
                    out.write(e.vr().padding());
                }
            }
        }

        /** Writes a tag, (in explicit VR) the VR, and the length; -1 writes the undefined length. */
        void header(int tag, Vr vr, long length) throws IOException {
            le16(scratch, 0, tag >>> 16);
            le16(scratch, 2, tag & 0xFFFF);
            long len = length < 0 ? 0xFFFFFFFFL : length;
            if (!explicit) {
                le32(scratch, 4, len);
                out.write(scratch, 0, 8);
                return;
            }
            scratch[4] = (byte) vr.name().charAt(0);
            scratch[5] = (byte) vr.name().charAt(1);
            if (vr.hasLongLength()) {
                scratch[6] = 0;
                scratch[7] = 0;
                le32(scratch, 8, len);
                out.write(scratch, 0, 12);
            } else {
                if (len > 0xFFFF) {
                    throw new IllegalArgumentException(Tag.toString(tag) + " " + vr + " value of " + len
                            + " bytes exceeds the 65534 bytes its VR allows");
                }
                le16(scratch, 6, (int) len);
                out.write(scratch, 0, 8);
            }
        }

        private void itemTag(int tag, long length) throws IOException {
            le16(scratch, 0, tag >>> 16);
            le16(scratch, 2, tag & 0xFFFF);
            le32(scratch, 4, length < 0 ? 0xFFFFFFFFL : length);
            out.write(scratch, 0, 8);
        }

        void u32(long v) throws IOException {
            le32(scratch, 0, v);
            out.write(scratch, 0, 4);
        }

        private static void le16(byte[] b, int i, int v) {
            b[i] = (byte) v;
            b[i + 1] = (byte) (v >>> 8);
        }

        private static void le32(byte[] b, int i, long v) {
            b[i] = (byte) v;
            b[i + 1] = (byte) (v >>> 8);
            b[i + 2] = (byte) (v >>> 16);
            b[i + 3] = (byte) (v >>> 24);
        }
    }
}
