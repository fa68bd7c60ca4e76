package io.decidr.workflows.job;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.eventstore.upload.UploadFormat;
import io.decidr.eventstore.upload.UploadPart;
import java.util.List;
import java.util.UUID;

/**
 * The rows of an uploaded file, read a part at a time (never the whole file): each part is one chunk of the import.
 *
 * @param header a CSV file's columns (checked against the collection before the job starts); empty for JSON lines
 */
public record UploadedRows(UUID upload, UploadFormat format, List<Attribute> header, long rowCount)
        implements ImportSource {

    public UploadedRows {
        header = List.copyOf(header);
    }

    /** The part's rows, in order. */
    List<ImportRows.Row> rowsOf(UploadPart part, CollectionSchema schema) {
        return switch (format) {
            case CSV -> ImportRows.csvPart(part.data(), header, part.firstRow());
            case JSONL -> ImportRows.jsonLinesPart(part.data(), schema, part.firstRow());
        };
    }
}
