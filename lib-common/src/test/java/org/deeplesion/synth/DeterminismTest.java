package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {

    private static final CohortSpec SPEC = CohortSpec.defaults(1, 11)
            .withImageSize(96, 96)
            .withPixelSpacingMm(4.5, 5)
            .withSlicesPerSeries(3, 4)
            .withStudiesPerPatient(2, 2)
            .withLesionsPerSeries(2, 2)
            .withUnbookmarkedShare(0);

    @Test
    void sameSeedWritesByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        CohortGenerator.generate(SPEC, first, EnumSet.allOf(OutputFormat.class));
        CohortGenerator.generate(SPEC, second, EnumSet.allOf(OutputFormat.class));

        List<Path> files = files(first);
        assertThat(files).hasSizeGreaterThan(10).isEqualTo(files(second));
        for (Path file : files) {
            assertThat(Files.mismatch(first.resolve(file), second.resolve(file)))
                    .as(file.toString())
                    .isEqualTo(-1);
        }
    }

    @Test
    void differentSeedWritesADifferentCohort(@TempDir Path first, @TempDir Path second) throws IOException {
        CohortGenerator.generate(SPEC, first, EnumSet.of(OutputFormat.DEEPLESION));
        CohortGenerator.generate(SPEC.withSeed(12), second, EnumSet.of(OutputFormat.DEEPLESION));

        assertThat(Files.mismatch(first.resolve(CohortTruth.FILE_NAME), second.resolve(CohortTruth.FILE_NAME)))
                .isNotEqualTo(-1);
        Path slice = Path.of("Images_png", "000001_01_01", "001.png");
        assertThat(Files.mismatch(first.resolve(slice), second.resolve(slice))).isNotEqualTo(-1);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .sorted()
                    .toList();
        }
    }
}
