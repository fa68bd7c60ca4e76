package io.decidr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads CPU time from {@code /proc}: the machine's (from {@code /proc/stat}) and that of the processes of each part
 * (by pid for this JVM, by name or command line for the databases and Temporal's server, so backends that come and
 * go are counted while they live). Linux only; elsewhere every split is {@link CpuSplit#UNKNOWN}.
 */
public final class CpuMeter {

    /** A reading to subtract from a later one. */
    public record Reading(long busy, long idle, long app, long postgres, long cassandra, long temporal) {
    }

    private static final Path PROC = Path.of("/proc");
    private final long self = ProcessHandle.current().pid();
    /** Each process's part, decided once: a read of its command line that fails later cannot move it to "other". */
    private final java.util.Map<Long, String> parts = new java.util.concurrent.ConcurrentHashMap<>();

    public boolean available() {
        return Files.isReadable(PROC.resolve("stat"));
    }

    public Reading read() {
        if (!available()) {
            return null;
        }
        long[] machine = machine();
        long app = 0;
        long postgres = 0;
        long cassandra = 0;
        long temporal = 0;
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long ticks = ticks(entry);
                if (ticks == 0) {
                    continue;
                }
                String part = parts.computeIfAbsent(pid, this::part);
                if (part == null) {
                    continue;
                }
                switch (part) {
                    case "app" -> app += ticks;
                    case "postgres" -> postgres += ticks;
                    case "cassandra" -> cassandra += ticks;
                    case "temporal" -> temporal += ticks;
                    default -> { }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return new Reading(machine[0], machine[1], app, postgres, cassandra, temporal);
    }

    private String part(long pid) {
        if (pid == self) {
            return "app";
        }
        Path process = PROC.resolve(Long.toString(pid));
        if ("postgres".equals(read(process.resolve("comm")).strip())) {
            return "postgres";
        }
        String command = read(process.resolve("cmdline"));
        if (command.contains("org.apache.cassandra")) {
            return "cassandra";
        }
        if (command.contains("temporal") && command.contains("TestServer")) {
            return "temporal";
        }
        // an unreadable command line is looked at again next time
        return command.isEmpty() ? null : "other";
    }

    /** The split between two readings. */
    public static CpuSplit between(Reading start, Reading end) {
        if (start == null || end == null) {
            return CpuSplit.UNKNOWN;
        }
        double total = (end.busy() - start.busy()) + (end.idle() - start.idle());
        if (total <= 0) {
            return CpuSplit.UNKNOWN;
        }
        double app = share(end.app() - start.app(), total);
        double postgres = share(end.postgres() - start.postgres(), total);
        double cassandra = share(end.cassandra() - start.cassandra(), total);
        double temporal = share(end.temporal() - start.temporal(), total);
        double busy = share(end.busy() - start.busy(), total);
        double other = Math.max(0, busy - app - postgres - cassandra - temporal);
        return new CpuSplit(app, postgres, cassandra, temporal, other, 100 - busy);
    }

    private static double share(long ticks, double total) {
        return Math.max(0, 100.0 * ticks / total);
    }

    /** Busy and idle ticks of all cores. */
    private static long[] machine() {
        String cpu = read(PROC.resolve("stat")).lines().findFirst().orElse("cpu 0 0 0 0");
        List<String> fields = List.of(cpu.trim().split("\\s+"));
        long busy = 0;
        long idle = 0;
        for (int i = 1; i < fields.size() && i <= 8; i++) {
            long value = Long.parseLong(fields.get(i));
            // user nice system idle iowait irq softirq steal
            if (i == 4 || i == 5) {
                idle += value;
            } else {
                busy += value;
            }
        }
        return new long[] {busy, idle};
    }

    /** utime + stime of a process (all its threads), in ticks; 0 when it is gone. */
    private static long ticks(Path process) {
        String stat = read(process.resolve("stat"));
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] fields = stat.substring(end + 2).split(" ");
        // after "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based over the whole line)
        return fields.length > 12 ? Long.parseLong(fields[11]) + Long.parseLong(fields[12]) : 0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
