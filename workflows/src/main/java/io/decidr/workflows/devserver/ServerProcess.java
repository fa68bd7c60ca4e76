package io.decidr.workflows.devserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the dev profile's Temporal servers do alike with their process: stop it, kill it, read its log, find a port. */
final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;

    private ServerProcess() {
    }

    /**
     * Asks the process to stop, kills it if it is still running after {@code grace}, and waits until it is gone.
     *
     * @throws TemporalDevServerException when it still runs after the kill, or the wait was interrupted (it was killed)
     */
    static void stop(Process stopping, Duration grace, String name) {
        try {
            stopping.destroy();
            if (!stopping.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) did not stop within {}; killing it", name, stopping.pid(), grace);
                stopping.destroyForcibly();
                if (!stopping.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new TemporalDevServerException("The " + name + " (pid " + stopping.pid()
                            + ") is still running after being killed");
                }
            }
        } catch (InterruptedException e) {
            stopping.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TemporalDevServerException("Interrupted while stopping the " + name + " (pid " + stopping.pid()
                    + "); it was killed", e);
        }
    }

    /** Kills the process (a start that failed) and waits a little for it to go. */
    static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failed start, with the last lines of the server's log. */
    static TemporalDevServerException failedStart(String what, Path logFile, Throwable cause) {
        String nl = System.lineSeparator();
        return new TemporalDevServerException(what + "." + nl + "--- last lines of " + logFile + nl + logTail(logFile),
                cause);
    }

    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        }
    }

    private static String logTail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}
