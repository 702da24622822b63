package org.deeplesion.dicom.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplesion.testing.ExternalTool;

/**
 * Drives dcmtk's command-line tools as an independent reference: builds DICOM files with dump2dcm, compresses and
 * decompresses them, and pulls pixel data or fragments out with dcmdump +W. Tests using it are skipped where dcmtk
 * is not installed.
 */
final class Dcmtk {
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    private final Path dir;
    private int counter;

    private Dcmtk(Path dir) {
        this.dir = dir;
    }

    /** A dcmtk driver working in dir; skips the calling test if dcmtk is missing. */
    static Dcmtk in(Path dir) {
        ExternalTool.require("dcmcjpeg", "dcmdjpeg", "dcmcrle", "dcmdrle", "dump2dcm", "dcmdump");
        return new Dcmtk(dir);
    }

    /** Image pixel attributes of a frame. */
    record Format(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, boolean signed) {
        static Format gray(int rows, int columns, int bitsAllocated, int bitsStored) {
            return new Format(rows, columns, 1, bitsAllocated, bitsStored, false);
        }

        static Format rgb(int rows, int columns) {
            return new Format(rows, columns, 3, 8, 8, false);
        }
    }

    /** Writes an uncompressed explicit-VR little-endian DICOM file holding the samples. */
    Path uncompressed(int[] samples, Format f) throws IOException, InterruptedException {
        Path raw = next(".raw");
        Files.write(raw, littleEndian(samples, f.bitsAllocated()));
        return dump2dcm(
                "(0002,0010) UI =LittleEndianExplicit",
                f,
                "(7fe0,0010) " + (f.bitsAllocated() == 8 ? "OB" : "OW") + " =" + raw);
    }

    /** Wraps one compressed frame as a single-fragment encapsulated DICOM file. */
    Path encapsulated(byte[] fragment, String transferSyntax, Format f) throws IOException, InterruptedException {
        Path item = next(".bin");
        Files.write(item, fragment);
        return dump2dcm(
                "(0002,0010) UI [" + transferSyntax + "]",
                f,
                "(7fe0,0010) OB (PixelSequence #=2)",
                "(fffe,e000) pi (no value available)",
                "(fffe,e000) pi =" + item,
                "(fffe,e0dd) na (SequenceDelimitationItem)");
    }

    private Path dump2dcm(String transferSyntax, Format f, String... pixelData)
            throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(List.of(
                transferSyntax,
                "(0008,0016) UI =SecondaryCaptureImageStorage",
                "(0008,0018) UI [1.2.826.0.1.3680043.2.1125.1." + (++counter) + "]",
                "(0028,0002) US " + f.samplesPerPixel(),
                "(0028,0004) CS [" + (f.samplesPerPixel() == 3 ? "RGB" : "MONOCHROME2") + "]",
                "(0028,0010) US " + f.rows(),
                "(0028,0011) US " + f.columns(),
                "(0028,0100) US " + f.bitsAllocated(),
                "(0028,0101) US " + f.bitsStored(),
                "(0028,0102) US " + (f.bitsStored() - 1),
                "(0028,0103) US " + (f.signed() ? 1 : 0)));
        if (f.samplesPerPixel() > 1) {
            lines.add("(0028,0006) US 0");
        }
        lines.addAll(Arrays.asList(pixelData));
        Path dump = next(".dump");
        Files.write(dump, lines, StandardCharsets.US_ASCII);
        Path dcm = next(".dcm");
        run("dump2dcm", dump.toString(), dcm.toString());
        return dcm;
    }

    /** Runs a converter such as dcmcjpeg, dcmdjpeg, dcmcrle or dcmdrle with options on a file. */
    Path convert(String tool, Path in, String... options) throws IOException, InterruptedException {
        Path out = next(".dcm");
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(Arrays.asList(options));
        command.add(in.toString());
        command.add(out.toString());
        run(command.toArray(String[]::new));
        return out;
    }

    /** The samples of an uncompressed file, without the padding byte an odd-length 8-bit frame gets. */
    int[] pixels(Path dcm, Format f) throws IOException, InterruptedException {
        List<Path> items = writtenItems(dcm);
        if (items.size() != 1) {
            throw new IllegalStateException("expected native pixel data in " + dcm + ", found " + items);
        }
        int[] samples = fromLittleEndian(Files.readAllBytes(items.get(0)), f.bitsAllocated());
        return Arrays.copyOf(samples, f.rows() * f.columns() * f.samplesPerPixel());
    }

    /** The compressed bytes of the single frame of an encapsulated file: its fragments after the offset table. */
    byte[] frame(Path dcm) throws IOException, InterruptedException {
        List<Path> items = writtenItems(dcm);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path item : items.subList(1, items.size())) {
            out.writeBytes(Files.readAllBytes(item));
        }
        return out.toByteArray();
    }

    /** dcmdump +W writes each pixel item (or the native pixel data) to NAME.N.raw, N counting from 0. */
    private List<Path> writtenItems(Path dcm) throws IOException, InterruptedException {
        Path target = Files.createDirectories(next(".items"));
        run("dcmdump", "-q", "+W", target.toString(), dcm.toString());
        try (Stream<Path> files = Files.list(target)) {
            return files.sorted((a, b) -> Integer.compare(itemIndex(a), itemIndex(b)))
                    .toList();
        }
    }

    private static int itemIndex(Path item) {
        String name = item.getFileName().toString();
        String withoutRaw = name.substring(0, name.length() - ".raw".length());
        return Integer.parseInt(withoutRaw.substring(withoutRaw.lastIndexOf('.') + 1));
    }

    private Path next(String suffix) {
        return dir.resolve("f" + (++counter) + suffix);
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    static byte[] littleEndian(int[] samples, int bitsAllocated) {
        if (bitsAllocated == 8) {
            byte[] b = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                b[i] = (byte) samples[i];
            }
            return b;
        }
        byte[] b = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    static int[] fromLittleEndian(byte[] b, int bitsAllocated) {
        if (bitsAllocated == 8) {
            int[] v = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                v[i] = b[i] & 0xFF;
            }
            return v;
        }
        int[] v = new int[b.length / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
        }
        return v;
    }
}
