package io.decidr.devservices.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How to start one server process and how to tell that it serves: what a per-server adapter hands to
 * {@link ServerProcess}. Start from {@link #of} and adjust with the {@code withX} methods.
 *
 * @param name            for log lines and messages, e.g. "Cassandra", "Temporal test server"
 * @param command         the command line
 * @param output          where the process's stdout and stderr go
 * @param readiness       a new probe for each start
 * @param startTimeout    how long the start waits for the probe to answer
 * @param stopGracePeriod how long a stop lets the server shut down before killing it
 * @param directory       the working directory; {@code null} for the launcher's own
 * @param appendOutput    whether the output is appended to (a kept log), or replaced at every start
 * @param quotedLogs      the logs whose last lines a failed start quotes, the output's by default
 * @param shutdownHook    whether the server is stopped when the JVM exits; a caller that stops it at the right
 *                        moment itself (after the clients that still talk to it) turns it off
 * @param pidFile         a file that names the running server, or {@code null}
 * @param afterStop       what to do once the server has stopped (e.g. delete its temporary folder)
 */
public record Launch(String name, List<String> command, Path output, Supplier<ReadinessProbe> readiness,
                     Duration startTimeout, Duration stopGracePeriod, Path directory, boolean appendOutput,
                     List<QuotedLog> quotedLogs, boolean shutdownHook, PidFile pidFile, Runnable afterStop) {

    private static final int QUOTED_LINES = 30;

    /** A log whose last lines a failed start quotes. */
    public record QuotedLog(Path file, int lines) {
    }

    public Launch {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
        quotedLogs = List.copyOf(quotedLogs);
        Objects.requireNonNull(afterStop, "afterStop");
    }

    /** Output replaced at every start and quoted on failure, a shutdown hook, no pid file. */
    public static Launch of(String name, List<String> command, Path output, Supplier<ReadinessProbe> readiness,
                            Duration startTimeout, Duration stopGracePeriod) {
        return new Launch(name, command, output, readiness, startTimeout, stopGracePeriod, null, false,
                List.of(new QuotedLog(output, QUOTED_LINES)), true, null, () -> { });
    }

    public Launch inDirectory(Path folder) {
        return new Launch(name, command, output, readiness, startTimeout, stopGracePeriod, folder, appendOutput,
                quotedLogs, shutdownHook, pidFile, afterStop);
    }

    public Launch appendingOutput() {
        return new Launch(name, command, output, readiness, startTimeout, stopGracePeriod, directory, true,
                quotedLogs, shutdownHook, pidFile, afterStop);
    }

    public Launch quoting(List<QuotedLog> logs) {
        return new Launch(name, command, output, readiness, startTimeout, stopGracePeriod, directory, appendOutput,
                logs, shutdownHook, pidFile, afterStop);
    }

    public Launch withoutShutdownHook() {
        return new Launch(name, command, output, readiness, startTimeout, stopGracePeriod, directory, appendOutput,
                quotedLogs, false, pidFile, afterStop);
    }

    public Launch withPidFile(PidFile file) {
        return new Launch(name, command, output, readiness, startTimeout, stopGracePeriod, directory, appendOutput,
                quotedLogs, shutdownHook, file, afterStop);
    }

    public Launch afterStop(Runnable cleanUp) {
        return new Launch(name, command, output, readiness, startTimeout, stopGracePeriod, directory, appendOutput,
                quotedLogs, shutdownHook, pidFile, cleanUp);
    }
}
