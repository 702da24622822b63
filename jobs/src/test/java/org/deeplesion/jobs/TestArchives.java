package org.deeplesion.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomElement;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomFormatException;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.DicomWriter;
import org.deeplesion.dicom.SopClass;
import org.deeplesion.dicom.Tag;
import org.deeplesion.dicom.TransferSyntax;
import org.deeplesion.dicom.Vr;
import org.deeplesion.synth.CohortGenerator;
import org.deeplesion.synth.CohortSpec;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.OutputFormat;
import org.deeplesion.testing.Bytes;

/** Small synthetic archives for job tests, and a corpus of broken files made from their valid slices. */
public final class TestArchives {

    private TestArchives() {}

    /** A cohort of small (64x64) slices, written as DICOM; returns its truth. */
    public static CohortTruth cohort(Path out, int patients, long seed) throws IOException {
        CohortSpec spec = CohortSpec.defaults(patients, seed)
                .withImageSize(64, 64)
                .withStudiesPerPatient(1, 2)
                .withSlicesPerSeries(5, 8)
                .withLesionsPerSeries(2, 3);
        CohortGenerator.generate(spec, out, EnumSet.of(OutputFormat.DICOM, OutputFormat.DEEPLESION));
        return CohortTruth.read(out.resolve(CohortTruth.FILE_NAME));
    }

    /** The folder name {@link #brokenCorpus} should be given; {@link #ctSlices} leaves it out. */
    /** Copies a folder with everything under it, e.g. a lake that a test changes while others read the original. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    public static final String BROKEN = "broken";

    /** The valid CT slices under a folder, in path order. */
    public static List<Path> ctSlices(Path root) throws IOException {
        DicomReader headers = new DicomReader(DicomReader.Options.headersOnly());
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> out = new ArrayList<>();
            for (Path p : s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".dcm"))
                    .filter(p -> !p.getParent().getFileName().toString().equals(BROKEN))
                    .sorted()
                    .toList()) {
                try {
                    if (SopClass.CT_IMAGE.equals(headers.read(p).sopClassUid())) {
                        out.add(p);
                    }
                } catch (DicomFormatException notDicom) {
                    // broken files of the test corpus
                }
            }
            return out;
        }
    }

    /**
     * Writes the broken corpus into {@code dir}: each file is something real archives contain. Returns the names of
     * the files that must be rejected; {@code notes.txt} and {@code DICOMDIR} must be skipped silently.
     */
    public static List<String> brokenCorpus(Path validCtSlice, Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] valid = Files.readAllBytes(validCtSlice);
        DicomFile parsed = new DicomReader().read(validCtSlice);

        Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(valid, valid.length * 3 / 5));
        Files.write(dir.resolve("empty.dcm"), new byte[0]);
        Files.writeString(dir.resolve("wrong-magic.dcm"), "PDF-1.4 scanned request form\n".repeat(20));

        byte[] lying = valid.clone();
        int at = Bytes.find(lying, new byte[] {0x10, 0x00, 0x20, 0x00, 'L', 'O'});
        lying[at + 6] = (byte) 0xFF;
        lying[at + 7] = (byte) 0x7F;
        Files.write(dir.resolve("lying-length.dcm"), lying);

        Files.write(dir.resolve("jpeg-ls.dcm"), withTransferSyntaxUid(valid, "1.2.840.10008.1.2.4.80"));

        DicomDataset mr = copy(parsed.dataset());
        mr.putString(Tag.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        mr.putString(Tag.SOPInstanceUID, Vr.UI, "2.25.4242424242");
        DicomWriter.write(mr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, dir.resolve("mr.dcm"));

        DicomDataset corrupt = copy(parsed.dataset());
        corrupt.putString(Tag.SOPInstanceUID, Vr.UI, "2.25.4343434343");
        corrupt.putString(Tag.SeriesInstanceUID, Vr.UI, "2.25.4343434344");
        corrupt.put(DicomElement.ofFragments(Tag.PixelData, Vr.OB, List.of(new byte[0], new byte[] {
            (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC3, 0, 1, 2, 3
        })));
        DicomWriter.write(corrupt, TransferSyntax.JPEG_LOSSLESS_SV1, dir.resolve("corrupt-jpeg.dcm"));

        Files.writeString(dir.resolve("notes.txt"), "export of 2024-05-01, 3 studies\n");
        DicomDataset dicomdir = new DicomDataset();
        dicomdir.putString(Tag.SOPClassUID, Vr.UI, SopClass.MEDIA_STORAGE_DIRECTORY);
        dicomdir.putString(Tag.SOPInstanceUID, Vr.UI, "2.25.4444444444");
        dicomdir.putString(Tag.FileSetID, Vr.CS, "EXPORT");
        dicomdir.putSequence(Tag.DirectoryRecordSequence, List.of());
        DicomWriter.write(dicomdir, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, dir.resolve("DICOMDIR"));
        return List.of(
                "truncated.dcm",
                "empty.dcm",
                "wrong-magic.dcm",
                "lying-length.dcm",
                "jpeg-ls.dcm",
                "mr.dcm",
                "corrupt-jpeg.dcm");
    }

    private static DicomDataset copy(DicomDataset ds) {
        DicomDataset out = new DicomDataset();
        ds.elements().forEach(out::put);
        return out;
    }

    private static byte[] withTransferSyntaxUid(byte[] file, String uid) {
        byte[] explicit = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] replacement = (uid.length() % 2 == 0 ? uid : uid + "\0").getBytes(StandardCharsets.US_ASCII);
        int at = Bytes.find(file, explicit);
        byte[] out = new byte[file.length - explicit.length + replacement.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(replacement, 0, out, at, replacement.length);
        System.arraycopy(file, at + explicit.length, out, at + replacement.length, file.length - at - explicit.length);
        out[at - 2] = (byte) replacement.length;
        int metaLength = (out[140] & 0xFF) | (out[141] & 0xFF) << 8;
        metaLength += replacement.length - explicit.length;
        out[140] = (byte) metaLength;
        out[141] = (byte) (metaLength >> 8);
        return out;
    }
}
