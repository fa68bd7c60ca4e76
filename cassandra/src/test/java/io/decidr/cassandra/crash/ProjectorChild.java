package io.decidr.cassandra.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ProjectorProcess} started in a JVM of its own (the same java binary, the test classpath), followed by
 * what it reports on standard output, and ended with SIGKILL or SIGTERM.
 */
final class ProjectorChild implements AutoCloseable {

    /** The exit status of a JVM killed by a signal is 128 plus the signal's number. */
    static final int KILLED_BY_SIGKILL = 128 + 9;
    static final int KILLED_BY_SIGTERM = 128 + 15;

    private static final int KEPT_LINES = 60;

    private final Process process;
    private final Path hookMarker;
    private final Thread reader;
    private final AtomicLong applied = new AtomicLong();
    private volatile int held = -1;
    private final long startedNanos = System.nanoTime();
    private volatile long readyNanos;
    private volatile boolean ready;
    private volatile boolean outputEnded;
    private final Deque<String> recent = new ArrayDeque<>();

    private ProjectorChild(Process process, Path hookMarker) {
        this.process = process;
        this.hookMarker = hookMarker;
        this.reader = Thread.ofPlatform().daemon().name("projector-child-" + process.pid()).start(this::follow);
    }

    /**
     * Starts a projector process with the {@link ProjectorProcess} arguments but the last (the hook marker, which this
     * adds); its standard error goes to {@code errors}.
     */
    static ProjectorChild start(List<String> arguments, Path errors) {
        return start(ProjectorProcess.class, arguments, errors);
    }

    /** As {@link #start(List, Path)}, running the main class given ({@link LeasedProjectorProcess}). */
    static ProjectorChild start(Class<?> mainClass, List<String> arguments, Path errors) {
        Path hookMarker = errors.resolveSibling(errors.getFileName() + "." + System.nanoTime() + ".hook");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // netty's warnings on JDK 24+, which would only bury the process's own errors
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(arguments);
        command.add(hookMarker.toString());
        try {
            return new ProjectorChild(new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
                    .start(), hookMarker);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    private void follow() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(ProjectorProcess.PREFIX + "applied ")) {
                    applied.accumulateAndGet(Long.parseLong(line.substring(ProjectorProcess.PREFIX.length() + 8)), Math::max);
                } else if (line.startsWith(ProjectorProcess.PREFIX + "held ")) {
                    held = Integer.parseInt(line.substring(ProjectorProcess.PREFIX.length() + 5));
                } else if (line.equals(ProjectorProcess.PREFIX + "ready")) {
                    readyNanos = System.nanoTime();
                    ready = true;
                } else {
                    synchronized (recent) {
                        recent.addLast(line);
                        if (recent.size() > KEPT_LINES) {
                            recent.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the pipe breaks when the process is killed: nothing more to read either way
        } finally {
            outputEnded = true;
        }
    }

    long pid() {
        return process.pid();
    }

    /** The most events it reported applied (it reports every {@value ProjectorProcess#REPORT_EVERY}). */
    long applied() {
        return applied.get();
    }

    /** How many projectors run in it, as it last reported ({@link LeasedProjectorProcess}); -1 before its first report. */
    int held() {
        return held;
    }

    /** SIGSTOP: the process stays, paused, as one in a long GC pause or cut off from the network would. */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT: it goes on from where it was paused. */
    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("could not send SIG" + name + " to projector process " + pid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while signalling projector process " + pid(), e);
        }
    }

    boolean ready() {
        return ready;
    }

    /** How long it took from its start until its projectors ran; -1 while they do not. */
    long millisToReady() {
        return ready ? Duration.ofNanos(readyNanos - startedNanos).toMillis() : -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Whether its JVM ran its shutdown hooks (as it does on SIGTERM, never on SIGKILL); ask after it ended. */
    boolean shutdownHookRan() {
        return Files.exists(hookMarker);
    }

    /** Its last lines of output other than reports (its log), for failure messages. */
    String recentOutput() {
        synchronized (recent) {
            return String.join("\n", recent);
        }
    }

    /** Waits (bounded) until its projectors run; fails if it dies first. */
    void awaitReady(Duration timeout) {
        Await.until("projector process " + pid() + " started its projectors", timeout, () -> {
            if (!ready && !alive()) {
                throw new AssertionError("projector process " + pid() + " died with " + process.exitValue()
                        + " before it was ready:\n" + recentOutput());
            }
            return ready;
        }, () -> ":\n" + recentOutput());
    }

    /**
     * SIGKILL ({@link Process#destroyForcibly()} on Linux); waits until it is gone. (It closes the pipes too: output
     * written after the signal is never read.)
     */
    int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM ({@link Process#destroy()}): the JVM runs its shutdown hooks before it exits. */
    int terminate() {
        process.destroy();
        return awaitExit();
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("projector process " + pid() + " did not end within 30 s of its signal");
            }
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for projector process " + pid(), e);
        }
        if (!outputEnded) {
            throw new AssertionError("the output of projector process " + pid() + " did not end with it");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(hookMarker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
