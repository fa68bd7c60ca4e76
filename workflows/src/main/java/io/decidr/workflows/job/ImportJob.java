package io.decidr.workflows.job;

import static io.decidr.workflows.job.JobChunks.block;

import io.decidr.application.handlers.EntityHandler;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityId;
import io.decidr.eventstore.upload.UploadPart;
import io.decidr.workflows.job.JobParameters.Import;
import io.temporal.activity.ActivityExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An IMPORT job: row {@code i} is created by the command {@code job/<tenant>/<job>/row/<i>} (so the entity's id too is
 * fixed by the job and the row), and taken back by archiving it with {@code .../undo/<i>}. Inline rows come in chunks
 * of {@link #CHUNK}; an uploaded file's chunks are its stored parts, read one at a time, never the whole file.
 */
final class ImportJob implements JobWork {

    /** Rows of an inline import per chunk. */
    static final int CHUNK = 1_000;

    private final Import params;
    private final JobChunks chunks;

    ImportJob(Import params, JobChunks chunks) {
        this.params = params;
        this.chunks = chunks;
    }

    @Override
    public long begin(JobInput job) {
        if (params.source() instanceof UploadedRows uploaded
                && block(chunks.uploads.claim(job.tenantId(), uploaded.upload(), job.jobId())) == null) {
            // the upload becomes this job's (deleted when the job ends); refused when another job has it, or it is gone
            throw Rejection.validation("params.upload", "upload " + uploaded.upload()
                    + " is imported by another job, or was deleted");
        }
        return params.source().rowCount();
    }

    @Override
    public ChunkPlan plan(JobInput job, String from, int count) {
        // with onError: FAIL no row after a bad one may be created, so chunks run one after the other
        boolean oneAtATime = !params.skipBadRows();
        if (params.source() instanceof UploadedRows uploaded) {
            return planParts(uploaded, from, count, oneAtATime);
        }
        List<String> starts = new ArrayList<>();
        String at = from;
        for (int i = 0; i < count && (i == 0 || at != null); i++) {
            starts.add(at);
            int next = (at == null ? 0 : Integer.parseInt(at)) + CHUNK;
            at = next < params.source().rowCount() ? Integer.toString(next) : null;
        }
        return new ChunkPlan(starts, at, oneAtATime);
    }

    /** An uploaded import's chunks are its parts: each starts where a part starts. */
    private ChunkPlan planParts(UploadedRows uploaded, String from, int count, boolean oneAtATime) {
        long first = from == null ? 0 : Long.parseLong(from);
        List<Long> parts = block(chunks.uploads.partStarts(uploaded.upload(), first, count + 1));
        List<String> starts = new ArrayList<>();
        starts.add(from);
        for (Long start : parts) {
            if (start > first && starts.size() <= count) {
                starts.add(Long.toString(start));
            }
        }
        String after = starts.size() > count ? starts.removeLast() : null;
        return new ChunkPlan(starts, after, oneAtATime);
    }

    @Override
    public ChunkResult process(JobInput job, String from, ActivityExecutionContext context) {
        int first = from == null ? 0 : Integer.parseInt(from);
        return switch (params.source()) {
            case ImportRows inline -> {
                int end = Math.min(inline.size(), first + CHUNK);
                yield rows(job, inline.rows(), 0, first, end, end < inline.size() ? Integer.toString(end) : null, context);
            }
            case UploadedRows uploaded -> part(job, uploaded, first, context);
        };
    }

    /** The chunk from {@code first} to the end of the uploaded part holding it, read from the upload. */
    private ChunkResult part(JobInput job, UploadedRows uploaded, int first, ActivityExecutionContext context) {
        UploadPart part = block(chunks.uploads.partAt(uploaded.upload(), first));
        if (part == null) {
            return new ChunkResult(null, 0, 0, 0, 0, null, null);
        }
        CollectionSchema schema = chunks.schema(job);
        List<ImportRows.Row> rows = uploaded.rowsOf(part, schema);
        if (rows.size() != part.rows()) {
            // the upload cut its rows one way and the parser read them another: a defect, never the user's data
            throw new IllegalStateException("part " + part.firstRow() + " of upload " + uploaded.upload() + " holds "
                    + part.rows() + " rows but " + rows.size() + " were read");
        }
        int end = Math.toIntExact(part.firstRow() + part.rows());
        return rows(job, rows, Math.toIntExact(part.firstRow()), first, end,
                end < uploaded.rowCount() ? Integer.toString(end) : null, context);
    }

    /** Creates rows {@code first} to {@code end} (excluded); {@code rows} holds them from row {@code offset} on. */
    private ChunkResult rows(JobInput job, List<ImportRows.Row> rows, int offset, int first, int end, String next,
            ActivityExecutionContext context) {
        // a bad row stops the import there: the rows after it in its window were sent too, and are taken back
        JobChunks.Stop stop = params.skipBadRows() ? null : (after, windowEnd) -> Flux.range(after, windowEnd - after)
                .flatMap(i -> undoCreate(job, i), JobChunks.WINDOW)
                .blockLast(JobChunks.COMMAND_TIMEOUT);
        return chunks.run(job, context, first, end, next, i -> createRow(job, rows.get(i - offset), i), stop);
    }

    private Mono<ItemOutcome> createRow(JobInput job, ImportRows.Row row, int i) {
        if (row.error() != null) {
            return Mono.just(new ItemOutcome.Refused(row.error()));
        }
        return chunks.entities.create(job.requester(), job.collection(), row.values(), rowCommand(job, i))
                .thenReturn(ItemOutcome.CREATED)
                .onErrorResume(Rejection.class, rejected -> ItemOutcome.refused(rejected, row.where()));
    }

    @Override
    public long compensate(JobInput job, ActivityExecutionContext context) {
        if (params.keepPartial()) {
            return 0;
        }
        long restored = 0;
        int rows = Math.toIntExact(params.source().rowCount());
        for (int from = context.getHeartbeatDetails(Integer.class).orElse(0); from < rows; from += JobChunks.WINDOW) {
            int stop = Math.min(rows, from + JobChunks.WINDOW);
            restored += Flux.range(from, stop - from)
                    .flatMap(i -> undoCreate(job, i), JobChunks.WINDOW)
                    .reduce(0L, Long::sum)
                    .block(JobChunks.COMMAND_TIMEOUT);
            context.heartbeat(stop);
        }
        return restored;
    }

    /** Archives the entity row {@code row} created, unless it is archived already or was never created: 1 or 0. */
    private Mono<Long> undoCreate(JobInput job, int row) {
        EntityId created = EntityHandler.createdBy(job.requester(), rowCommand(job, row));
        return chunks.entities.existing(job.requester(), created)
                .flatMap(state -> state.archived() ? Mono.just(0L)
                        : chunks.entities.archive(job.requester().undoingWork(), created,
                                job.commandId("undo", Integer.toString(row)))
                                .thenReturn(1L))
                .onErrorResume(Rejection.class, nothingToUndo -> Mono.just(0L));
    }

    private static UUID rowCommand(JobInput job, int row) {
        return job.commandId("row", Integer.toString(row));
    }

    /** The job's end is recorded: the file it imported is deleted (an attempt again finds nothing to delete). */
    static void ended(JobChunks chunks, JobInput job) {
        block(chunks.uploads.deleteClaimedBy(job.jobId()));
    }
}
