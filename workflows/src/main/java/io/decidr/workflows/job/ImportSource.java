package io.decidr.workflows.job;

/** Where an import's rows come from: given inline in the job's parameters, or an uploaded file. */
public sealed interface ImportSource permits ImportRows, UploadedRows {

    /** How many rows the import has. */
    long rowCount();
}
