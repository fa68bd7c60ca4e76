package io.decidr.devservices.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** For test logs only: a process's resident set size from /proc (Linux), to keep an eye on a node's footprint. */
final class ResidentMemory {

    private ResidentMemory() {
    }

    static String of(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.substring("VmRSS:".length()).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }
}
