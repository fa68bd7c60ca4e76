package io.decidr.bench;

import io.decidr.bench.workloads.AggregateLoad;
import io.decidr.bench.workloads.EntityReads;
import io.decidr.bench.workloads.HttpCreate;
import io.decidr.bench.workloads.Jobs;
import io.decidr.bench.workloads.LargeImport;
import io.decidr.bench.workloads.Projection;
import io.decidr.bench.workloads.Traversal;
import io.decidr.bench.workloads.WritePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code bin/bench [--smoke] [--only name,name] [--set property=value]... [--out file.json] [--keep]}: starts the platform on fresh embedded
 * services, runs the workloads, prints the table and writes it as JSON. Exits 1 when a workload could not run at all
 * or (in smoke mode) when an operation failed; targets missed are reported, not fatal.
 */
public final class Bench {

    private static final List<Workload> WORKLOADS = List.of(new WritePath(), new AggregateLoad(), new HttpCreate(),
            new EntityReads(), new Traversal(), new Projection(), new Jobs(), new LargeImport());

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        boolean smoke = arguments.contains("--smoke");
        boolean keep = arguments.contains("--keep");
        Set<String> only = Set.copyOf(value(arguments, "--only").map(names -> List.of(names.split(","))).orElse(List.of()));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = Path.of(value(arguments, "--out").orElse("bench/target/bench-" + stamp + ".json"));
        Sizes sizes = smoke ? Sizes.quick() : Sizes.full();

        Path data = Files.createTempDirectory("decidr-bench-");
        int failures = 0;
        long started = System.nanoTime();
        Map<String, Object> overrides = new LinkedHashMap<>();
        // the bench's clients are one tenant: per-tenant limits would measure the limiter, not the platform
        overrides.put("decidr.limits.requests-per-second", "1000000");
        overrides.put("decidr.limits.burst", "1000000");
        // --set name=value: any property of the platform, for experiments (e.g. decidr.commands.appends-in-flight=8)
        for (int i = 0; i < arguments.size() - 1; i++) {
            if (arguments.get(i).equals("--set")) {
                String[] pair = arguments.get(i + 1).split("=", 2);
                overrides.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        Report report;
        try (Platform platform = Platform.start(data, overrides)) {
            Map<String, String> setting = new LinkedHashMap<>();
            setting.put("mode", smoke ? "smoke" : "full");
            setting.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
            setting.put("java", System.getProperty("java.version"));
            setting.put("heap.max", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
            setting.put("data", platform.property("decidr.dev.data-dir", "?"));
            setting.putAll(platform.durability());
            overrides.forEach((name, value) -> setting.put(name, String.valueOf(value)));
            report = new Report(setting);
            System.out.println("bench: platform up in " + seconds(started) + " s; " + setting);
            BenchContext context = new BenchContext(platform, new ClosedLoop(new CpuMeter(platform.property("decidr.dev.data-dir", null))), sizes,
                    Fixture.create(platform), report);
            for (Workload workload : WORKLOADS) {
                if (!only.isEmpty() && !only.contains(workload.name())) {
                    continue;
                }
                long at = System.nanoTime();
                System.out.println("bench: " + workload.name() + " ...");
                try {
                    workload.run(context);
                } catch (Exception | AssertionError e) {
                    failures++;
                    System.out.println("bench: " + workload.name() + " FAILED: " + e);
                    e.printStackTrace(System.out);
                }
                System.out.println("bench: " + workload.name() + " took " + seconds(at) + " s");
            }
        } finally {
            if (!keep) {
                delete(data);
            }
        }
        System.out.println();
        report.print(System.out);
        report.write(out);
        System.out.println();
        System.out.println("bench: " + report.rows().size() + " rows in " + seconds(started) + " s; JSON in " + out.toAbsolutePath());
        long failedOperations = report.rows().stream().mapToLong(row -> row.measured().errors()).sum();
        if (smoke && failedOperations > 0) {
            System.out.println("bench: " + failedOperations + " operations failed");
            failures++;
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static java.util.Optional<String> value(List<String> arguments, String name) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? java.util.Optional.of(arguments.get(at + 1)) : java.util.Optional.empty();
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        WORKLOADS.forEach(workload -> names.add(workload.name()));
        return names;
    }
}
