package io.decidr.cassandra.crash;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every row of every read-model table of a keyspace, each row as one normalised line ({@code column=value} in
 * column-name order, maps and sets in key order), the lines of a table sorted. Two keyspaces hold the same read
 * model exactly when their dumps are equal.
 *
 * <p>The tables are found in {@code system_schema}, so a read model added later is compared without changing this
 * class. The projector runtime's own tables (checkpoints, parked events) and the migration history are not read
 * models and are left out.
 *
 * @param label  what it was taken from, for messages (not part of the comparison)
 * @param tables table name to its sorted row lines
 */
record ReadModelDump(String label, SortedMap<String, List<String>> tables) {

    /** Tables of a keyspace that are not read models. */
    static final Set<String> RUNTIME_TABLES = Set.of("projector_checkpoints", "parked_events", "projector_generations",
            "schema_migrations");

    /** Compares values only: two replays may write the same values at different times and still agree. */
    static ReadModelDump values(CqlSession session, String keyspace) {
        return take(session, keyspace, false);
    }

    /**
     * Values and, for each regular cell (each element of a collection), its write time. Every read-model write is
     * stamped with the event's stream version, so even the write times of two replays agree.
     */
    static ReadModelDump valuesAndWriteTimes(CqlSession session, String keyspace) {
        return take(session, keyspace, true);
    }

    /** The read-model tables of the keyspace, by name. */
    private static List<String> tablesOf(CqlSession session, String keyspace) {
        return session.execute(SimpleStatement.newInstance(
                                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace))
                .all().stream()
                .map(row -> row.getString("table_name"))
                .filter(table -> !RUNTIME_TABLES.contains(table))
                .sorted()
                .toList();
    }

    private static ReadModelDump take(CqlSession session, String keyspace, boolean writeTimes) {
        SortedMap<String, List<String>> tables = new TreeMap<>();
        for (String table : tablesOf(session, keyspace)) {
            tables.put(table, rows(session, keyspace, table, writeTimes));
        }
        return new ReadModelDump(keyspace, tables);
    }

    private static List<String> rows(CqlSession session, String keyspace, String table, boolean writeTimes) {
        List<Row> columns = session.execute(SimpleStatement.newInstance(
                        "SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
                        keyspace, table)).all();
        List<String> selectors = new ArrayList<>();
        for (Row column : columns) {
            String name = column.getString("column_name");
            selectors.add(name);
            if (writeTimes && "regular".equals(column.getString("kind"))) {
                // on a non-frozen collection (Cassandra 5.0) WRITETIME gives one time per element, in key order
                selectors.add("WRITETIME(" + name + ") AS wt_" + name);
            }
        }
        String select = "SELECT " + String.join(", ", selectors) + " FROM " + keyspace + "." + table;
        List<String> lines = new ArrayList<>();
        for (Row row : session.execute(SimpleStatement.newInstance(select).setPageSize(2_000))) {
            lines.add(line(row));
        }
        lines.sort(Comparator.naturalOrder());
        return List.copyOf(lines);
    }

    private static String line(Row row) {
        SortedMap<String, String> cells = new TreeMap<>();
        int i = 0;
        for (ColumnDefinition column : row.getColumnDefinitions()) {
            cells.put(column.getName().asInternal(), normalised(row.getObject(i)));
            i++;
        }
        return cells.entrySet().stream().map(cell -> cell.getKey() + "=" + cell.getValue())
                .collect(Collectors.joining(" | "));
    }

    /** A stable text for any CQL value: maps and sets in key order; an empty collection reads as null in CQL. */
    private static String normalised(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> map when map.isEmpty() -> "null";
            case Map<?, ?> map -> map.entrySet().stream()
                    .map(entry -> normalised(entry.getKey()) + ":" + normalised(entry.getValue()))
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            case Set<?> set when set.isEmpty() -> "null";
            case Set<?> set -> set.stream().map(ReadModelDump::normalised)
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            case List<?> list when list.isEmpty() -> "null";
            // a list's order is its meaning (and WRITETIME of a map lists its elements' times in key order)
            case List<?> list -> list.stream().map(ReadModelDump::normalised).toList().toString();
            default -> value.toString();
        };
    }

    /** The same dump under another label (e.g. "before" and "after" of one keyspace). */
    ReadModelDump labelled(String newLabel) {
        return new ReadModelDump(newLabel, tables);
    }

    int rowCount() {
        return tables.values().stream().mapToInt(Collection::size).sum();
    }

    /** Rows per table, e.g. {@code {tenants=4, ...}}. */
    SortedMap<String, Integer> rowCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        tables.forEach((table, rows) -> counts.put(table, rows.size()));
        return counts;
    }

    /**
     * What differs from {@code other}, table by table, with a few rows found only on either side; empty when the two
     * dumps hold the same rows.
     */
    String differencesFrom(ReadModelDump other) {
        StringBuilder report = new StringBuilder();
        Set<String> names = new TreeSet<>(tables.keySet());
        names.addAll(other.tables.keySet());
        for (String table : names) {
            List<String> mine = tables.getOrDefault(table, List.of());
            List<String> theirs = other.tables.getOrDefault(table, List.of());
            if (mine.equals(theirs)) {
                continue;
            }
            List<String> onlyMine = new ArrayList<>(mine);
            onlyMine.removeAll(new TreeSet<>(theirs));
            List<String> onlyTheirs = new ArrayList<>(theirs);
            onlyTheirs.removeAll(new TreeSet<>(mine));
            report.append("\n").append(table).append(": ").append(mine.size()).append(" rows in ").append(label)
                    .append(", ").append(theirs.size()).append(" in ").append(other.label).append("; ")
                    .append(onlyMine.size()).append(" only in ").append(label).append(", ")
                    .append(onlyTheirs.size()).append(" only in ").append(other.label);
            onlyMine.stream().limit(5).forEach(row -> report.append("\n  only in ").append(label).append(": ").append(row));
            onlyTheirs.stream().limit(5).forEach(row -> report.append("\n  only in ").append(other.label).append(": ").append(row));
        }
        return report.toString();
    }
}
