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

    /**
     * A reading to subtract from a later one: the machine's ticks, and each counted process's (by pid, with its part),
     * so that a process that ends between two readings (a PostgreSQL backend whose connection closed) takes only its
     * own ticks out of the sum, not those of the processes that go on.
     */
    public record Reading(long busy, long idle, java.util.Map<Long, Long> ticks, java.util.Map<Long, String> parts,
            long gc) {
    }

    private static final Path PROC = Path.of("/proc");
    private final long self = ProcessHandle.current().pid();
    /** The platform's data folder: its PostgreSQL and Cassandra name it on their command lines; others' do not. */
    private final String dataFolder;

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
        java.util.Map<Long, Long> ticksByPid = new java.util.HashMap<>();
        java.util.Map<Long, String> partByPid = new java.util.HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            List<Long> pids = entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
            for (long pid : pids) {
                long ticks = ticks(PROC.resolve(Long.toString(pid)));
                if (ticks == 0) {
                    continue;
                }
                String part = parts.computeIfAbsent(pid, this::part);
                if (part == null || "other".equals(part)) {
                    continue;
                }
                ticksByPid.put(pid, ticks);
                partByPid.put(pid, part);
            }
        } catch (IOException e) {
            return null;
        }
        return new Reading(machine[0], machine[1], ticksByPid, partByPid, garbageCollectorTicks());
    }

    /**
     * This JVM's garbage collector threads' ticks (part of the app's): what an allocation or a heap kept full costs
     * shows here, where a sampling profiler of Java threads does not see it.
     */
    private long garbageCollectorTicks() {
        long gc = 0;
        try (Stream<Path> threads = Files.list(PROC.resolve(Long.toString(self)).resolve("task"))) {
            for (Path thread : threads.toList()) {
                String name = read(thread.resolve("comm")).strip();
                if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                    gc += ticks(thread);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return gc;
    }

    private String part(long pid) {
        if (pid == self) {
            return "app";
        }
        Path process = PROC.resolve(Long.toString(pid));
        String command = read(process.resolve("cmdline"));
        boolean ours = dataFolder != null && command.contains(dataFolder);
        if ("postgres".equals(read(process.resolve("comm")).strip())) {
            // a backend is ours when its parent, the server, names the data folder: asked of the parent itself, since
            // pids wrap (a backend started after a wrap has a smaller pid than its server)
            return ours || isOurPostgresServer(parent(process)) ? "postgres" : "other";
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
        java.util.Map<String, Long> byPart = new java.util.HashMap<>();
        end.ticks().forEach((pid, ticks) -> {
            Long before = start.ticks().get(pid);
            // a pid seen again with fewer ticks is another process (pids are reused): all its ticks are new
            long spent = before == null || before > ticks || !end.parts().get(pid).equals(start.parts().get(pid))
                    ? ticks : ticks - before;
            byPart.merge(end.parts().get(pid), spent, Long::sum);
        });
        double app = share(byPart.getOrDefault("app", 0L), total);
        double postgres = share(byPart.getOrDefault("postgres", 0L), total);
        double cassandra = share(byPart.getOrDefault("cassandra", 0L), total);
        double temporal = share(byPart.getOrDefault("temporal", 0L), total);
        double busy = share(end.busy() - start.busy(), total);
        double other = Math.max(0, busy - app - postgres - cassandra - temporal);
        return new CpuSplit(app, postgres, cassandra, temporal, other, 100 - busy, share(end.gc() - start.gc(), total));
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

    private boolean isOurPostgresServer(long pid) {
        if (pid <= 0 || dataFolder == null) {
            return false;
        }
        Path server = PROC.resolve(Long.toString(pid));
        return "postgres".equals(read(server.resolve("comm")).strip()) && read(server.resolve("cmdline")).contains(dataFolder);
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
