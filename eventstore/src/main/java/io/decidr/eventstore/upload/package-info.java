/**
 * Files uploaded for imports (CSV or JSON lines), stored in PostgreSQL beside the event log but never in it: received
 * as a stream, cut into parts of whole rows, read back a part at a time by the import job, and deleted when the job
 * ends or the upload expires unused.
 */
package io.decidr.eventstore.upload;
