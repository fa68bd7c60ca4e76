package io.decidr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads CPU time from {@code /proc}: the machine's (from {@code /proc/stat}) and that of the processes of each part
 * (by pid for this JVM; the databases by their command line naming this platform's data folder, and PostgreSQL's
 * backends as children of that server, so that databases of other work on the machine count as "other"). Linux only; elsewhere every split is {@link CpuSplit#UNKNOWN}.
 */
public final class CpuMeter {

    /** A reading to subtract from a later one. */
    public record Reading(long busy, long idle, long app, long postgres, long cassandra, long temporal) {
    }

    private static final Path PROC = Path.of("/proc");
    private final long self = ProcessHandle.current().pid();
    /** The platform's data folder: its PostgreSQL and Cassandra name it on their command lines; others' do not. */
    private final String dataFolder;
    /** PostgreSQL servers of this platform (their backends are their children). */
    private final java.util.Set<Long> ourPostmasters = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Counts the PostgreSQL and Cassandra processes whose command line names {@code dataFolder} (and their children). */
    public CpuMeter(String dataFolder) {
        this.dataFolder = dataFolder;
    }
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
            // in pid order, so that a server is known before the backends it starts
            List<Long> pids = entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).sorted().toList();
            for (long pid : pids) {
                Path entry = PROC.resolve(Long.toString(pid));
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
        String command = read(process.resolve("cmdline"));
        boolean ours = dataFolder != null && command.contains(dataFolder);
        if ("postgres".equals(read(process.resolve("comm")).strip())) {
            if (ours) {
                ourPostmasters.add(pid);
                return "postgres";
            }
            return ourPostmasters.contains(parent(process)) ? "postgres" : "other";
        }
        if (command.contains("org.apache.cassandra")) {
            return ours ? "cassandra" : "other";
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

    /** The parent's pid; -1 when unknown. */
    private static long parent(Path process) {
        String stat = read(process.resolve("stat"));
        int end = stat.lastIndexOf(')');
        String[] fields = end < 0 ? new String[0] : stat.substring(end + 2).split(" ");
        return fields.length > 1 ? Long.parseLong(fields[1]) : -1;
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
