package io.decidr.workflows.devserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test server JVMs we started, recognised by the pid of their launcher that each carries
 * ({@link #OWNER_PROPERTY}). A launcher killed hard (SIGKILL) cannot run its shutdown hook, and its server would
 * keep the port forever; one whose owner is gone is ours to stop. Servers of live owners, and any process without
 * the marker, are never touched.
 */
final class TestServerProcesses {

    static final String OWNER_PROPERTY = "decidr.temporal-test-server.owner";

    private static final Logger LOG = LoggerFactory.getLogger(TestServerProcesses.class);
    private static final String MARKER = "-D" + OWNER_PROPERTY + "=";

    private TestServerProcesses() {
    }

    /** Stops every test server of ours whose launching process no longer exists. */
    static void stopOrphans() {
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> owner(p).isPresent())
                .filter(p -> ProcessHandle.of(owner(p).getAsLong()).map(o -> !o.isAlive()).orElse(true))
                .toList();
        for (ProcessHandle orphan : orphans) {
            LOG.warn("Stopping Temporal test server pid {}: the process that started it ({}) is gone", orphan.pid(),
                    owner(orphan).getAsLong());
            orphan.destroy();
            if (!awaitExit(orphan, 10)) {
                orphan.destroyForcibly();
                awaitExit(orphan, 10);
            }
        }
    }

    /** A live test server of ours (of any owner) serving this port, if there is one. */
    static Optional<ProcessHandle> serving(int port) {
        String portArgument = Integer.toString(port);
        return ProcessHandle.allProcesses()
                .filter(p -> owner(p).isPresent())
                .filter(p -> {
                    List<String> arguments = arguments(p);
                    return !arguments.isEmpty() && arguments.getLast().equals(portArgument);
                })
                .findFirst();
    }

    static OptionalLong owner(ProcessHandle process) {
        return arguments(process).stream()
                .filter(arg -> arg.startsWith(MARKER))
                .mapToLong(arg -> parse(arg.substring(MARKER.length())))
                .filter(pid -> pid > 0)
                .findFirst();
    }

    /**
     * A process's arguments. On Linux from {@code /proc/<pid>/cmdline}, because {@link ProcessHandle.Info} reads
     * only its first 4 KB and returns no arguments at all for longer command lines, like ours with its classpath.
     */
    private static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            }
        } catch (IOException e) {
            // gone meanwhile, or not ours to read: fall back to what the JDK can tell
        }
        return process.info().arguments().map(Arrays::asList).orElse(List.of());
    }

    private static long parse(String pid) {
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean awaitExit(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
