package io.decidr.eventstore.upload;

import java.time.Instant;
import java.util.UUID;

/**
 * What is known of an upload.
 *
 * @param header   a CSV's header line (null for JSON lines, or before it is received)
 * @param complete whether the whole file was received (only a complete upload can be imported)
 * @param job      the import job that claimed it, if any (it is deleted when that job ends)
 */
public record Upload(UUID id, UUID tenant, String uploadedBy, UploadFormat format, String header, boolean complete,
        long bytes, long rows, int parts, UUID job, Instant createdAt, Instant expiresAt) {
}
