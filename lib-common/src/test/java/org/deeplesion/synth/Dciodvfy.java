package org.deeplesion.synth;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dicom3tools' IOD validator; tests using it are skipped where it is not installed. */
final class Dciodvfy {

    private Dciodvfy() {
    }

    /** The validator's error lines for a file (its warnings are left out). */
    static List<String> errors(Path file) throws IOException, InterruptedException {
        Path binary = locate();
        assumeTrue(binary != null, "dciodvfy (dicom3tools) is not installed");
        Process process = new ProcessBuilder(binary.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dciodvfy did not finish on " + file);
        }
        return output.lines().filter(line -> line.contains("Error")).toList();
    }

    private static Path locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "dciodvfy");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
