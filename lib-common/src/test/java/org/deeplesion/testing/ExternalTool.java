package org.deeplesion.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs an independent tool (dcmtk, dicom3tools) for cross-checks. Where the tool is missing a test is skipped on a
 * developer machine, but fails in CI ({@code CI=true}), whose {@code .ci/run} installs the tools.
 */
public final class ExternalTool {

    private ExternalTool() {}

    public static void require(String... tools) {
        for (String tool : tools) {
            boolean present = Files.isExecutable(Path.of("/usr/bin", tool));
            if (!present && "true".equals(System.getenv("CI"))) {
                fail(tool + " is not installed; .ci/run installs dcmtk and dicom3tools");
            }
            Assumptions.assumeTrue(present, tool + " is not installed");
        }
    }

    /** Result of a finished process: exit code and its merged stdout/stderr. */
    public record Result(int exitCode, String output) {}

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        require(command[0]);
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; fails the test with its output otherwise. */
    public static String runOk(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        if (r.exitCode() != 0) {
            fail(String.join(" ", command) + " exited with " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }
}
