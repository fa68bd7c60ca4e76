package io.decidr.workflows.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of an import given inline, each with where it came from (a CSV line number, or a JSON array position) and
 * its values, or the reason a cell could not be read; and how the rows of an uploaded file's part are read. Columns
 * must be attributes of the collection (LINK attributes cannot be imported); a wrong column fails the whole job before
 * it starts, a wrong cell only its row.
 *
 * <p>About 290 lines: CSV and JSON rows, inline or from an upload's part, become the same {@link Row} by the same
 * column and cell rules, which stay together so that the two formats cannot drift apart.
 */
public record ImportRows(List<Row> rows) implements ImportSource {

    /** The most rows one import takes. */
    public static final int MAX_ROWS = 100_000;

    /** @param where "line 7" (CSV) or "row 7" (JSON); {@code error} set when a cell could not be read */
    public record Row(String where, List<ValueInput> values, String error) {
    }

    public int size() {
        return rows.size();
    }

    @Override
    public long rowCount() {
        return rows.size();
    }

    static ImportRows json(String data, CollectionSchema schema) {
        JsonNode array;
        try {
            array = JobParameters.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw Rejection.validation("params.data", "data is not JSON: " + e.getOriginalMessage());
        }
        if (array == null || !array.isArray()) {
            throw Rejection.validation("params.data", "JSON data is an array of objects, one per row");
        }
        limit(array.size());
        List<Row> rows = new ArrayList<>();
        int index = 0;
        for (JsonNode object : array) {
            index++;
            rows.add(jsonRow("row " + index, object, schema));
        }
        return new ImportRows(List.copyOf(rows));
    }

    /** One JSON object's row; a column the collection lacks fails the whole import ({@link Rejection}). */
    private static Row jsonRow(String where, JsonNode object, CollectionSchema schema) {
        if (!object.isObject()) {
            return new Row(where, List.of(), where + " is not an object");
        }
        List<ValueInput> values = new ArrayList<>();
        String error = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Attribute attribute = column(schema, field.getKey());
            if (field.getValue().isNull()) {
                continue;
            }
            try {
                values.add(cell(attribute, field.getValue().asText()));
            } catch (IllegalArgumentException e) {
                error = error == null ? where + ", " + attribute.name() + ": " + e.getMessage() : error;
            }
        }
        return new Row(where, values, error);
    }

    static ImportRows csv(String data, CollectionSchema schema) {
        List<List<String>> lines = Csv.parse(data);
        if (lines.isEmpty()) {
            throw Rejection.validation("params.data", "CSV data starts with a header line naming the attributes");
        }
        List<Attribute> header = header(lines.getFirst(), schema);
        limit(lines.size() - 1);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            rows.add(csvRow("line " + (i + 1), lines.get(i), header));
        }
        return new ImportRows(List.copyOf(rows));
    }

    /**
     * The attributes a CSV header line names, in order.
     *
     * @throws Rejection VALIDATION_FAILED on {@code field} when it names no attribute, or a LINK attribute
     */
    static List<Attribute> csvHeader(String line, CollectionSchema schema) {
        List<List<String>> lines = Csv.parse(line);
        if (lines.isEmpty()) {
            throw Rejection.validation("params.upload", "the CSV file starts with a header line naming the attributes");
        }
        try {
            return header(lines.getFirst(), schema);
        } catch (Rejection wrongColumn) {
            throw Rejection.validation("params.upload", wrongColumn.getMessage());
        }
    }

    private static List<Attribute> header(List<String> names, CollectionSchema schema) {
        return names.stream().map(name -> column(schema, name.strip())).toList();
    }

    /**
     * The rows of an uploaded CSV part, numbered from {@code firstRow} (line {@code firstRow + 2}: the header is line
     * 1, and blank lines are not counted).
     */
    static List<Row> csvPart(byte[] data, List<Attribute> header, long firstRow) {
        List<List<String>> lines = Csv.parse(new String(data, StandardCharsets.UTF_8));
        List<Row> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            rows.add(csvRow("line " + (firstRow + i + 2), lines.get(i), header));
        }
        return rows;
    }

    /**
     * The rows of an uploaded JSON-lines part, numbered from {@code firstRow} (line {@code firstRow + 1}; blank lines
     * are not counted). A line that is not a JSON object, or names an attribute the collection lacks, fails its row.
     */
    static List<Row> jsonLinesPart(byte[] data, CollectionSchema schema, long firstRow) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        long line = firstRow;
        for (String row : text.split("\n")) {
            if (blank(row)) {
                continue;
            }
            String where = "line " + (++line);
            try {
                rows.add(jsonRow(where, JobParameters.JSON.readTree(row), schema));
            } catch (JsonProcessingException e) {
                rows.add(new Row(where, List.of(), where + " is not JSON: " + e.getOriginalMessage()));
            } catch (Rejection e) {
                rows.add(new Row(where, List.of(), where + ": " + e.getMessage()));
            }
        }
        return rows;
    }

    /** Blank as the upload saw it when it counted rows: spaces, tabs and carriage returns only. */
    private static boolean blank(String line) {
        return line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r');
    }

    private static Row csvRow(String where, List<String> cells, List<Attribute> header) {
        if (cells.size() != header.size()) {
            return new Row(where, List.of(), where + " has " + cells.size() + " cells, the header " + header.size());
        }
        List<ValueInput> values = new ArrayList<>();
        String error = null;
        for (int c = 0; c < cells.size(); c++) {
            if (cells.get(c).isEmpty()) {
                continue;
            }
            try {
                values.add(cell(header.get(c), cells.get(c)));
            } catch (IllegalArgumentException e) {
                error = error == null ? where + ", " + header.get(c).name() + ": " + e.getMessage() : error;
            }
        }
        return new Row(where, values, error);
    }

    private static void limit(int rows) {
        if (rows > MAX_ROWS) {
            throw Rejection.validation("params.data", "at most " + MAX_ROWS + " rows per import given inline, not " + rows
                    + ": upload a larger file (POST /uploads) and import it with {\"upload\": \"<id>\"}");
        }
    }

    private static Attribute column(CollectionSchema schema, String name) {
        Attribute attribute = schema.attributes().stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> Rejection.validation("params.data", "the collection has no attribute " + name));
        if (attribute.type() instanceof LinkType) {
            throw Rejection.validation("params.data", attribute.name() + " is a LINK attribute: imports set values only");
        }
        return attribute;
    }

    /**
     * The cell as an error message may quote it: a personal attribute's never (messages are kept in the job's events and
     * read model, which erasure does not reach).
     */
    private static String shown(Attribute attribute, String text) {
        return attribute.personal() ? "the value of personal attribute " + attribute.name() : "'" + text + "'";
    }

    private static ValueInput cell(Attribute attribute, String text) {
        String name = attribute.name();
        return switch (attribute.type()) {
            case NumberType n -> {
                try {
                    yield new ValueInput(name, new NumberValue(new BigDecimal(text.strip())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(shown(attribute, text) + " is not a number");
                }
            }
            case BooleanType b -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> new ValueInput(name, new BooleanValue(true));
                case "false", "no", "0" -> new ValueInput(name, new BooleanValue(false));
                default -> throw new IllegalArgumentException(shown(attribute, text) + " is not true or false");
            };
            case DateType d -> {
                try {
                    yield new ValueInput(name, new DateValue(LocalDate.parse(text.strip())));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(shown(attribute, text) + " is not a date (YYYY-MM-DD)");
                }
            }
            case SelectType s -> new ValueInput(name, new SelectValue(text));
            default -> new ValueInput(name, new TextValue(text));
        };
    }

    /** RFC 4180 CSV: commas, double-quoted cells (with "" for a quote and line breaks inside), CRLF or LF. */
    static final class Csv {

        private Csv() {
        }

        static List<List<String>> parse(String data) {
            List<List<String>> lines = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < data.length(); i++) {
                char c = data.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < data.length() && data.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                    continue;
                }
                switch (c) {
                    case '"' -> {
                        quoted = true;
                        any = true;
                    }
                    case ',' -> {
                        cells.add(cell.toString());
                        cell.setLength(0);
                        any = true;
                    }
                    case '\r' -> {
                    }
                    case '\n' -> {
                        if (any || !cell.isEmpty()) {
                            cells.add(cell.toString());
                            lines.add(List.copyOf(cells));
                        }
                        cells.clear();
                        cell.setLength(0);
                        any = false;
                    }
                    default -> {
                        cell.append(c);
                        any = true;
                    }
                }
            }
            if (quoted) {
                throw Rejection.validation("params.data", "a quoted CSV cell is not closed");
            }
            if (any || !cell.isEmpty()) {
                cells.add(cell.toString());
                lines.add(List.copyOf(cells));
            }
            return lines;
        }
    }
}
