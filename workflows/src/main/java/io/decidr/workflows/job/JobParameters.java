package io.decidr.workflows.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.RollupFunction;
import io.decidr.eventstore.upload.Upload;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A job's parameters, as the user gives them ({@code params} of {@code startComputeJob}) and as they are stored in the
 * job's {@code job.requested} event: JSON, one shape per kind. {@link #parse} checks them against the collection's
 * schema before the job starts, so a job never starts on parameters it cannot run.
 */
public sealed interface JobParameters {

    ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code {"format": "JSON"|"CSV", "data": "...", "onError": "FAIL"|"SKIP", "keepPartial": false}}, or instead of
     * {@code format} and {@code data} an uploaded file: {@code {"upload": "<id>", ...}}.
     */
    record Import(ImportSource source, boolean skipBadRows, boolean keepPartial) implements JobParameters {
    }

    /** {@code {"expression": "price * quantity", "target": "Total"}}: a CEL expression over the entity's values. */
    record Formula(String expression, Attribute target, FormulaProgram program) implements JobParameters {
    }

    /** {@code {"function": "SUM", "link": "Employees", "attribute": "Salary", "target": "Payroll"}} */
    record Rollup(RollupFunction function, Attribute link, String attribute, Attribute target) implements JobParameters {
    }

    /**
     * Reads and checks the parameters of a job of {@code kind} on a collection with {@code schema}.
     *
     * @throws Rejection VALIDATION_FAILED naming the parameter at fault ({@code params.<name>})
     */
    static JobParameters parse(JobKind kind, String json, CollectionSchema schema) {
        return parse(kind, json, schema, Optional.empty());
    }

    /**
     * Reads and checks the parameters of a job of {@code kind} on a collection with {@code schema}; an import of an
     * uploaded file is checked against that upload ({@link #uploadOf} names it; empty when it does not exist).
     *
     * @throws Rejection VALIDATION_FAILED naming the parameter at fault ({@code params.<name>})
     */
    public static JobParameters parse(JobKind kind, String json, CollectionSchema schema, Optional<Upload> upload) {
        JsonNode node;
        try {
            node = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw Rejection.validation("params", "params is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw Rejection.validation("params", "params must be a JSON object");
        }
        return switch (kind) {
            case IMPORT -> {
                String onError = text(node, "onError").orElse("FAIL").toUpperCase(Locale.ROOT);
                if (!onError.equals("FAIL") && !onError.equals("SKIP")) {
                    throw Rejection.validation("params.onError", "onError is FAIL or SKIP");
                }
                ImportSource source = node.has("upload") ? uploaded(node, upload, schema) : inline(node, schema);
                yield new Import(source, onError.equals("SKIP"), node.path("keepPartial").asBoolean(false));
            }
            case FORMULA -> {
                String expression = text(node, "expression").orElseThrow(() -> Rejection.validation("params.expression",
                        "a formula needs an expression"));
                Attribute target = attribute(schema, node, "target");
                yield new Formula(expression, target, FormulaProgram.compile(expression, schema, target));
            }
            case ROLLUP -> {
                RollupFunction function;
                try {
                    function = RollupFunction.valueOf(text(node, "function").orElse("").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw Rejection.validation("params.function", "function is one of SUM, COUNT, AVG, MIN, MAX");
                }
                Attribute link = attribute(schema, node, "link");
                if (!(link.type() instanceof LinkType)) {
                    throw Rejection.validation("params.link", link.name() + " is not a LINK attribute");
                }
                String over = function == RollupFunction.COUNT ? text(node, "attribute").orElse(null)
                        : text(node, "attribute").orElseThrow(() -> Rejection.validation("params.attribute",
                        "name the numeric attribute of the linked entities to " + function.name().toLowerCase(Locale.ROOT)));
                Attribute target = attribute(schema, node, "target");
                if (!(target.type() instanceof NumberType)) {
                    throw Rejection.validation("params.target", target.name() + " is not a NUMBER attribute");
                }
                yield new Rollup(function, link, over, target);
            }
        };
    }

    /**
     * The upload an import's parameters name, if they name one (before they are checked: the upload is looked up, then
     * {@link #parse} checks it).
     */
    public static Optional<UUID> uploadOf(String json) {
        try {
            JsonNode node = JSON.readTree(json == null ? "" : json);
            return node == null ? Optional.empty() : text(node, "upload").flatMap(JobParameters::uuid);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    private static ImportSource inline(JsonNode node, CollectionSchema schema) {
        String format = text(node, "format").orElse("JSON").toUpperCase(Locale.ROOT);
        String data = text(node, "data").orElseThrow(() -> Rejection.validation("params.data",
                "an import needs data (the rows as JSON or CSV text) or an upload (the id POST /uploads answered)"));
        return switch (format) {
            case "JSON" -> ImportRows.json(data, schema);
            case "CSV" -> ImportRows.csv(data, schema);
            default -> throw Rejection.validation("params.format", "format is JSON or CSV");
        };
    }

    private static ImportSource uploaded(JsonNode node, Optional<Upload> found, CollectionSchema schema) {
        if (node.has("data")) {
            throw Rejection.validation("params.data", "an import takes data or an upload, not both");
        }
        String named = text(node, "upload").orElse("");
        UUID id = uuid(named).orElseThrow(() -> Rejection.validation("params.upload",
                "upload is the id POST /uploads answered, not '" + named + "'"));
        Upload upload = found.filter(u -> u.id().equals(id)).orElseThrow(() -> Rejection.validation("params.upload",
                "there is no upload " + id + " (uploads are deleted when their import ends, or when they expire unused)"));
        if (!upload.complete()) {
            throw Rejection.validation("params.upload", "upload " + id + " is still being received");
        }
        List<Attribute> header = switch (upload.format()) {
            case CSV -> ImportRows.csvHeader(upload.header() == null ? "" : upload.header(), schema);
            case JSONL -> List.of();
        };
        return new UploadedRows(id, upload.format(), header, upload.rows());
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Attribute attribute(CollectionSchema schema, JsonNode node, String field) {
        String reference = text(node, field).orElseThrow(() -> Rejection.validation("params." + field,
                "name the " + field + " attribute"));
        List<Attribute> attributes = schema.attributes();
        return attributes.stream()
                .filter(a -> a.name().equalsIgnoreCase(reference) || a.id().toString().equals(reference))
                .findFirst()
                .orElseThrow(() -> Rejection.validation("params." + field, "the collection has no attribute " + reference));
    }
}
