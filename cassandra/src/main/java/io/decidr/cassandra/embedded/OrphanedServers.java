package io.decidr.cassandra.embedded;

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
 * Server JVMs that outlived the process that launched them. A launcher that is killed hard (SIGKILL, a test JVM
 * killed on timeout) cannot run its shutdown hook, and its server would keep ~600 MB and its ports forever. Every
 * server carries its owner's pid ({@link ServerCommand#OWNER_PROPERTY}); one whose owner is gone is ours to stop.
 * Servers of live owners, and any process without the marker, are never touched.
 */
final class OrphanedServers {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedServers.class);
    private static final String MARKER = "-D" + ServerCommand.OWNER_PROPERTY + "=";
    private static final String STORAGE_DIR = "-Dcassandra.storagedir=";

    private OrphanedServers() {
    }

    /** Stops every embedded server whose launching process no longer exists. */
    static void stopAll() {
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> owner(p).isPresent())
                .filter(p -> ProcessHandle.of(owner(p).getAsLong()).map(o -> !o.isAlive()).orElse(true))
                .toList();
        for (ProcessHandle orphan : orphans) {
            LOG.warn("Stopping embedded Cassandra pid {}: the process that started it ({}) is gone", orphan.pid(),
                    owner(orphan).getAsLong());
            Optional<Path> dataFolder = dataFolder(orphan);
            orphan.destroy();
            if (!awaitExit(orphan, 20)) {
                orphan.destroyForcibly();
                awaitExit(orphan, 10);
            }
            // its owner would have deleted a temporary folder on stop; a kept folder stays, of course
            dataFolder.filter(TemporaryDataFolder::isOne).filter(folder -> !orphan.isAlive()).ifPresent(folder -> {
                try {
                    TemporaryDataFolder.delete(folder);
                } catch (IOException e) {
                    LOG.warn("Could not delete the orphaned server's temporary data folder {}", folder, e);
                }
            });
        }
    }

    /** A live embedded server (of any owner) that uses this data folder, if there is one. */
    static Optional<ProcessHandle> using(Path dataFolder) {
        String storage = STORAGE_DIR + dataFolder;
        return ProcessHandle.allProcesses()
                .filter(p -> owner(p).isPresent())
                .filter(p -> arguments(p).contains(storage))
                .findFirst();
    }

    private static Optional<Path> dataFolder(ProcessHandle process) {
        return arguments(process).stream()
                .filter(arg -> arg.startsWith(STORAGE_DIR))
                .map(arg -> Path.of(arg.substring(STORAGE_DIR.length())))
                .findFirst();
    }

    private static OptionalLong owner(ProcessHandle process) {
        return arguments(process).stream()
                .filter(arg -> arg.startsWith(MARKER))
                .mapToLong(arg -> parse(arg.substring(MARKER.length())))
                .filter(pid -> pid > 0)
                .findFirst();
    }

    /**
     * A process's arguments. On Linux from {@code /proc/<pid>/cmdline}, because {@link ProcessHandle.Info} reads
     * only its first 4 KB and returns no arguments at all for longer command lines, like a server's with its
     * hundred-jar classpath.
     */
    static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                String all = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
                return List.of(all.split("\0"));
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
