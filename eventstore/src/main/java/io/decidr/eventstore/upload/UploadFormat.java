package io.decidr.eventstore.upload;

import java.util.Locale;
import java.util.Optional;

/** How an upload's rows are written. */
public enum UploadFormat {
    /** RFC 4180: a header line naming the attributes, then one row per line (quoted cells may hold line breaks). */
    CSV,
    /** One JSON object per line, its fields naming the attributes. */
    JSONL;

    /** {@code csv}, {@code jsonl} (or {@code ndjson}), in any case. */
    public static Optional<UploadFormat> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> Optional.of(CSV);
            case "jsonl", "ndjson", "json-lines" -> Optional.of(JSONL);
            default -> Optional.empty();
        };
    }
}
