package io.decidr.eventstore.upload;

/**
 * Whole rows of an upload, as they were sent (UTF-8), blank lines left out.
 *
 * @param firstRow the index of its first row in the upload (0 is the first row after a CSV's header)
 * @param rows     how many rows it holds
 */
public record UploadPart(long firstRow, int rows, byte[] data) {
}
