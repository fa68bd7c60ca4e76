package io.decidr.devservices.temporal;

import io.decidr.devservices.process.DevServiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal CLI the project pins, as {@code bin/temporal-cli} fetches it (once per machine, into a cache outside
 * the checkout), for the tests that run the real dev server. {@code bin/run} asks the script itself and hands the
 * path to the dev profile ({@code decidr.dev.temporal.cli}).
 */
public final class TemporalCli {

    /** The script, relative to the checkout. */
    public static final String SCRIPT = "bin/temporal-cli";

    private static final int PARENTS_SEARCHED = 4;
    private static final long FETCH_MINUTES = 5;

    private TemporalCli() {
    }

    /**
     * The binary's path, fetched first when this machine has none yet. The script is looked for from the working
     * directory up, so this works from the checkout and from any module's folder.
     *
     * @throws DevServiceException when the script is not found or cannot have the CLI (it says why on stderr)
     */
    public static Path pinned() {
        Path script = script(Path.of("").toAbsolutePath());
        try {
            Process fetch = new ProcessBuilder(script.toString(), "--path")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String path = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!fetch.waitFor(FETCH_MINUTES, TimeUnit.MINUTES) || fetch.exitValue() != 0) {
                fetch.destroyForcibly();
                throw new DevServiceException(script + " --path failed (see its output above)");
            }
            return Path.of(path);
        } catch (IOException e) {
            throw new DevServiceException("Could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevServiceException("Interrupted while " + script + " fetched the Temporal CLI", e);
        }
    }

    static Path script(Path start) {
        Path dir = start;
        for (int level = 0; dir != null && level <= PARENTS_SEARCHED; level++, dir = dir.getParent()) {
            Path candidate = dir.resolve(SCRIPT);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new DevServiceException("No " + SCRIPT + " in " + start + " or its parents: run from the checkout");
    }
}
