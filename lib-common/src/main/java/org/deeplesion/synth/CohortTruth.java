package org.deeplesion.synth;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplesion.recist.PixelPoint;

/**
 * The ground truth of a generated cohort, {@code truth.json}: the spec it came from, every patient with the
 * identifiers written for it, and every lesion, bookmarked or not.
 */
public record CohortTruth(int formatVersion, CohortSpec spec, List<PatientTruth> patients, List<LesionTruth> lesions) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "truth.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // A fixed line separator keeps the file byte-identical across platforms.
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    public CohortTruth {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("truth format version " + formatVersion + " is not supported, this "
                    + "library reads version " + FORMAT_VERSION);
        }
        patients = List.copyOf(patients);
        lesions = List.copyOf(lesions);
    }

    /** @param source names the stream in errors */
    public static CohortTruth read(InputStream in, String source) throws IOException {
        try {
            return MAPPER.readValue(in, CohortTruth.class);
        } catch (IOException e) {
            throw new IOException(source + ": cannot read cohort truth: " + e.getMessage(), e);
        }
    }

    public static CohortTruth read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return MAPPER.readValue(in, CohortTruth.class);
        } catch (IOException e) {
            throw new IOException(path + ": cannot read cohort truth: " + e.getMessage(), e);
        }
    }

    public void write(Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            WRITER.writeValue(out, this);
        }
    }

    /**
     * The bookmarked lesion measured on a key slice with a long axis between these endpoints (either way round,
     * within 0.01 px, the precision a presentation state keeps), if any.
     */
    public Optional<LesionTruth> bookmarkAt(String keySopInstanceUid, PixelPoint longEnd1, PixelPoint longEnd2) {
        for (LesionTruth lesion : lesions) {
            if (!lesion.bookmarked() || !lesion.keySopInstanceUid().equals(keySopInstanceUid)) {
                continue;
            }
            PixelPoint a = lesion.recist().longStart();
            PixelPoint b = lesion.recist().longEnd();
            boolean same = a.distanceTo(longEnd1) < 0.01 && b.distanceTo(longEnd2) < 0.01;
            boolean swapped = a.distanceTo(longEnd2) < 0.01 && b.distanceTo(longEnd1) < 0.01;
            if (same || swapped) {
                return Optional.of(lesion);
            }
        }
        return Optional.empty();
    }

    /** The lesions that appear on a slice, bookmarked or not. */
    public List<LesionTruth> lesionsOnSlice(String sopInstanceUid) {
        List<LesionTruth> found = new ArrayList<>();
        for (LesionTruth lesion : lesions) {
            for (SliceBox box : lesion.sliceBoxes()) {
                if (box.sopInstanceUid().equals(sopInstanceUid)) {
                    found.add(lesion);
                    break;
                }
            }
        }
        return found;
    }
}
