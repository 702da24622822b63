package org.deeplesion.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplesion.testing.ExternalTool;

/** Runs dicom3tools' IOD validator; skipped where it is not installed, failing in CI. */
final class Dciodvfy {

    private Dciodvfy() {}

    /** The validator's error lines for a file (its warnings are left out). */
    static List<String> errors(Path file) throws IOException, InterruptedException {
        ExternalTool.require("dciodvfy");
        Process process = new ProcessBuilder("/usr/bin/dciodvfy", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dciodvfy did not finish on " + file);
        }
        return output.lines().filter(line -> line.contains("Error")).toList();
    }
}
