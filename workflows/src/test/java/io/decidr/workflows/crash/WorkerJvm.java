package io.decidr.workflows.crash;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkerChild} in a JVM of its own (the same java binary, the test classpath), ended with SIGKILL. Its
 * output (its log) is appended to a file, and its last lines are kept for failure messages.
 */
final class WorkerJvm implements AutoCloseable {

    /** The exit status of a JVM killed by a signal is 128 plus the signal's number. */
    static final int KILLED_BY_SIGKILL = 128 + 9;

    private static final int KEPT_LINES = 40;

    private final Process process;
    private final Thread reader;
    private final long startedNanos = System.nanoTime();
    private final Deque<String> recent = new ArrayDeque<>();
    private volatile long readyNanos;
    private volatile boolean ready;

    private WorkerJvm(Process process, Path log) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("worker-child-" + process.pid()).start(() -> follow(log));
    }

    /** Starts a worker process with the {@link WorkerChild} arguments; its output is appended to {@code log}. */
    static WorkerJvm start(List<String> arguments, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // netty's warnings on JDK 24+, which would only bury the process's own log
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                WorkerChild.class.getName()));
        command.addAll(arguments);
        try {
            return new WorkerJvm(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    private void follow(Path log) {
        String tag = "[" + process.pid() + "] ";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals(WorkerChild.READY)) {
                    readyNanos = System.nanoTime();
                    ready = true;
                }
                file.write(tag + line);
                file.newLine();
                file.flush();
                synchronized (recent) {
                    recent.addLast(line);
                    if (recent.size() > KEPT_LINES) {
                        recent.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the pipe breaks when the process is killed: nothing more to read either way
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** How long it took from its start until its workers polled; -1 while they do not. */
    long millisToReady() {
        return ready ? Duration.ofNanos(readyNanos - startedNanos).toMillis() : -1;
    }

    /** Its last lines of output, for failure messages. */
    String recentOutput() {
        synchronized (recent) {
            return String.join("\n", recent);
        }
    }

    /** Waits (bounded) until its workers poll; fails if it dies first. */
    void awaitReady(Duration timeout) {
        Await.until("worker process " + pid() + " polls its task queues", timeout, () -> {
            if (!ready && !alive()) {
                throw new AssertionError("worker process " + pid() + " died with " + process.exitValue()
                        + " before it was ready:\n" + recentOutput());
            }
            return ready;
        }, () -> ":\n" + recentOutput());
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux); waits until it is gone and answers its exit status. */
    int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("worker process " + pid() + " did not end within 30 s of SIGKILL");
            }
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for worker process " + pid(), e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
