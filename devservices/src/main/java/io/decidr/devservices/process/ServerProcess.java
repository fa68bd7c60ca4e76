package io.decidr.devservices.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server process, and the one lifecycle every development server shares:
 * <ul>
 *   <li>{@link #start} runs the {@link Launch}'s command and returns once its {@link ReadinessProbe} answers;
 *       a server that exits or does not answer in time is killed, and the exception quotes the last lines of its
 *       logs. Nothing is left running after a failed start.</li>
 *   <li>{@link #start(int, IntFunction)} starts again, with a fresh launch (other free ports), when a start failed
 *       because a port was taken between the choice of it and the server's bind ("address already in use").</li>
 *   <li>{@link #stop} asks the server to stop, kills it after the grace period and waits until it is gone; then
 *       the pid file goes and the launch's clean-up runs. It runs at JVM exit too unless the launch turned the
 *       shutdown hook off.</li>
 *   <li>{@link #kill} ends it as a crash would (SIGKILL, no draining), for tests of what survives a crash; the
 *       same clean-up follows.</li>
 * </ul>
 */
public final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Launch launch;
    private final Process process;
    private static final String ADDRESS_IN_USE = "address already in use";

    private ShutdownHook shutdownHook;
    private String answer;
    private boolean stopped;

    /** Where this start's output begins in its log (an appended log holds earlier starts' too). */
    private final long outputStart;

    private ServerProcess(Launch launch, Process process, long outputStart) {
        this.launch = launch;
        this.process = process;
        this.outputStart = outputStart;
    }

    /**
     * Starts the server and waits until it serves.
     *
     * @throws DevServiceException if it cannot be run, exits while starting or does not serve in time
     */
    public static ServerProcess start(Launch launch) {
        long outputStart = sizeOf(launch.output());
        ServerProcess server = new ServerProcess(launch, run(launch), outputStart);
        try {
            if (launch.pidFile() != null) {
                launch.pidFile().write(server.pid());
            }
            if (launch.shutdownHook()) {
                server.shutdownHook = ShutdownHook.register(launch.name(), server::stop);
            }
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            // whatever failed (the pid file, the probe, the wait), nothing of this start stays running
            server.discard();
            throw e;
        }
    }

    /**
     * Starts the server as {@link #start(Launch)} does, up to {@code attempts} times while a start fails because a
     * port was taken meanwhile.
     *
     * @param launches the launch of each attempt (numbered from 1), which picks its ports anew
     */
    public static ServerProcess start(int attempts, IntFunction<Launch> launches) {
        for (int attempt = 1; ; attempt++) {
            Launch launch = launches.apply(attempt);
            try {
                return start(launch);
            } catch (DevServiceException failed) {
                if (attempt >= attempts || !lostAPort(failed)) {
                    throw failed;
                }
                LOG.warn("{} lost a port it had picked while starting (address already in use); starting it "
                        + "again ({} of {})", launch.name(), attempt + 1, attempts);
            }
        }
    }

    /** What the readiness probe answered, e.g. the server's version. */
    public String answer() {
        return answer;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the server: asks it to shut down, kills it if it still runs after the grace period, and waits until it
     * is gone. Does nothing the second time.
     *
     * @throws DevServiceException when it still runs after the kill, or the wait was interrupted (it was killed)
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        removeShutdownHook();
        try {
            if (!ProcessStop.stop(process.toHandle(), launch.stopGracePeriod(), launch.name())) {
                throw new DevServiceException(launch.name() + " (pid " + pid() + ") is still running after being killed");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DevServiceException("Interrupted while stopping " + launch.name() + " (pid " + pid()
                    + "); it was killed", e);
        }
        cleanUp("stopped");
    }

    /**
     * Ends the server at once with SIGKILL, as a crash would: it cannot drain, flush or run its shutdown hooks. Waits
     * until it is gone; then the pid file goes and the launch's clean-up runs, as after {@link #stop()}. Does nothing
     * once stopped or killed.
     *
     * @throws DevServiceException when it still runs after the kill, or the wait was interrupted
     */
    public synchronized void kill() {
        if (stopped) {
            return;
        }
        stopped = true;
        removeShutdownHook();
        try {
            if (!ProcessStop.killAndWait(process.toHandle())) {
                throw new DevServiceException(launch.name() + " (pid " + pid()
                        + ") is still running after being killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevServiceException("Interrupted while killing " + launch.name() + " (pid " + pid() + ")", e);
        }
        cleanUp("killed");
    }

    /** After the process is gone: the pid file goes and the launch's own clean-up runs. */
    private void cleanUp(String how) {
        if (launch.pidFile() != null) {
            launch.pidFile().delete();
        }
        LOG.info("{} (pid {}) {} with exit code {}", launch.name(), pid(), how, exitCode());
        launch.afterStop().run();
    }

    /**
     * The exit code, once the JVM has reaped the process: the handle may tell it is gone (a zombie is not alive) a
     * moment before {@link Process#exitValue()} knows.
     */
    private String exitCode() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static boolean lostAPort(DevServiceException failure) {
        return String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains(ADDRESS_IN_USE);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether this start's output (its first 4 MiB) contains {@code text}, ignoring case. */
    private boolean outputSays(String text) {
        Path output = launch.output();
        try (var channel = Files.newByteChannel(output)) {
            channel.position(Math.min(outputStart, channel.size()));
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(4 << 20,
                    Math.max(0, channel.size() - channel.position())));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read on
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static Process run(Launch launch) {
        Path output = launch.output().toAbsolutePath();
        try {
            Files.createDirectories(output.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the folder of " + output, e);
        }
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .redirectErrorStream(true)
                .redirectOutput(launch.appendOutput() ? ProcessBuilder.Redirect.appendTo(output.toFile())
                        : ProcessBuilder.Redirect.to(output.toFile()));
        if (launch.directory() != null) {
            builder.directory(launch.directory().toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new DevServiceException("Could not run " + launch.command().getFirst() + " to start "
                    + launch.name(), e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(launch.startTimeout());
        try (ReadinessProbe probe = launch.readiness().get()) {
            RuntimeException lastFailure = null;
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw failedStart(launch.name() + " exited with code " + process.exitValue() + " while starting",
                            null);
                }
                try {
                    Optional<String> ready = probe.check();
                    if (ready.isPresent()) {
                        answer = ready.get();
                        return;
                    }
                } catch (RuntimeException e) {
                    lastFailure = e;
                }
                // wait for the next poll, or for the server to die, whichever comes first
                try {
                    process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // still running: poll again
                }
            }
            throw process.isAlive()
                    ? failedStart(launch.name() + " did not " + probe.awaited() + " within " + launch.startTimeout(),
                            lastFailure)
                    : failedStart(launch.name() + " exited with code " + process.exitValue() + " while starting",
                            null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard();
            throw new DevServiceException("Interrupted while waiting for " + launch.name() + " to start", e);
        }
    }

    /**
     * What a failed start left running is killed; the failure quotes the last lines of the server's logs, and says
     * when this start's output tells of a port taken meanwhile above those lines (a Go server's panic puts its reason
     * first and a long stack after it), so that {@link #start(int, IntFunction)} tries again.
     */
    private DevServiceException failedStart(String what, Throwable cause) {
        discard();
        StringBuilder message = new StringBuilder(what).append('.');
        if (outputSays(ADDRESS_IN_USE)) {
            message.append(" Its output says: ").append(ADDRESS_IN_USE).append('.');
        }
        for (Launch.QuotedLog log : launch.quotedLogs()) {
            message.append(System.lineSeparator()).append("--- last lines of ").append(log.file())
                    .append(System.lineSeparator()).append(LogTail.of(log.file(), log.lines()));
        }
        return new DevServiceException(message.toString(), cause);
    }

    private synchronized void discard() {
        stopped = true;
        removeShutdownHook();
        ProcessStop.kill(process.toHandle());
        if (launch.pidFile() != null) {
            launch.pidFile().delete();
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null) {
            shutdownHook.remove();
            shutdownHook = null;
        }
    }
}
