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

/**
 * The ground truth of a generated cohort, {@code truth.json}: the spec it came from, every patient with the
 * identifiers written for it, and every lesion, bookmarked or not.
 */
public record CohortTruth(int formatVersion, CohortSpec spec, List<PatientTruth> patients,
        List<LesionTruth> lesions) {

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
