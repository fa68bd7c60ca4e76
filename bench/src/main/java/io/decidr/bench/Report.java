package io.decidr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rows of a run: a table for people, JSON for tracking. */
public final class Report {

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> setting;

    public Report(Map<String, String> setting) {
        this.setting = setting;
    }

    public synchronized void add(Row row) {
        rows.add(row);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    public void print(PrintStream out) {
        String format = "%-28s %-22s %10s %8s %8s %10s %-26s %7s %-14s %-4s %s%n";
        out.printf(Locale.ROOT, format, "workload", "variant", "rate/s", "p50 ms", "p99 ms", "baseline/s", "baseline",
                "ratio", "target", "met", "cpu % (of all cores)");
        for (Row row : rows()) {
            Measured m = row.measured();
            out.printf(Locale.ROOT, format, row.workload(), row.variant(), number(m.rate()), millis(m.p50()), millis(m.p99()),
                    row.baseline() == null ? "-" : number(row.baseline().rate()),
                    row.baselineName() == null ? "-" : row.baselineName(),
                    Double.isNaN(row.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", row.ratio()),
                    row.target() == null ? "-" : row.target().toString(),
                    row.met() == null ? "-" : row.met() ? "yes" : "NO",
                    m.cpu());
            if (m.errors() > 0) {
                out.printf(Locale.ROOT, "    %d failed operations; the first: %s%n", m.errors(), m.firstError());
            }
        }
    }

    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("at", Instant.now().toString());
        ObjectNode settings = root.putObject("setting");
        setting.forEach(settings::put);
        ArrayNode lines = root.putArray("rows");
        for (Row row : rows()) {
            ObjectNode line = lines.addObject();
            line.put("workload", row.workload());
            line.put("variant", row.variant());
            put(line.putObject("measured"), row.measured());
            if (row.baseline() != null) {
                line.put("baselineName", row.baselineName());
                put(line.putObject("baseline"), row.baseline());
                line.put("ratio", row.ratio());
            }
            if (row.target() != null) {
                line.put("target", row.target().toString());
                line.put("met", row.met());
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writeValue(file.toFile(), root);
    }

    private static void put(ObjectNode node, Measured m) {
        node.put("operations", m.operations());
        node.put("seconds", m.seconds());
        node.put("rate", m.rate());
        node.put("p50Millis", m.p50());
        node.put("p99Millis", m.p99());
        node.put("errors", m.errors());
        if (m.firstError() != null) {
            node.put("firstError", m.firstError());
        }
        CpuSplit cpu = m.cpu();
        if (!Double.isNaN(cpu.app())) {
            ObjectNode split = node.putObject("cpuPercent");
            split.put("app", cpu.app());
            split.put("appGarbageCollector", cpu.appGc());
            split.put("postgres", cpu.postgres());
            split.put("cassandra", cpu.cassandra());
            split.put("temporal", cpu.temporal());
            split.put("other", cpu.other());
            split.put("idle", cpu.idle());
        }
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
