package io.decidr.workflows.job;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.runtime.CelEvaluationException;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.domain.entity.ValueSet;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.job.JobSummary;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.handlers.CollectionHandler;
import io.decidr.eventstore.handlers.EntityHandler;
import io.decidr.eventstore.handlers.JobHandler;
import io.decidr.eventstore.handlers.Requester;
import io.decidr.eventstore.handlers.Result;
import io.decidr.eventstore.handlers.ValueInput;
import io.decidr.eventstore.upload.Upload;
import io.decidr.eventstore.upload.UploadPart;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.workflows.job.JobParameters.Formula;
import io.decidr.workflows.job.JobParameters.Import;
import io.decidr.workflows.job.JobParameters.Rollup;
import io.decidr.workflows.saga.Refusal;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The compute jobs' steps over the command handlers. Activities run on the worker's threads and may block. A step the
 * domain refuses fails with its {@link Refusal}, never retried.
 *
 * <p>Exactly once: row {@code i} of an import is created by the command {@code job/<tenant>/<job>/row/<i>} (so the
 * entity's id too is fixed by the job and the row); the value a formula or rollup writes on entity {@code e} by
 * {@code .../write/<e>}; their compensations by {@code .../undo/<i>} and {@code .../restore/<e>}. A chunk that runs
 * again after a crash sends the same commands and changes nothing more.
 */
public final class JobActivitiesImpl implements JobActivities {

    private static final Logger log = LoggerFactory.getLogger(JobActivitiesImpl.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Rows of an import per chunk. */
    static final int IMPORT_CHUNK = 1_000;
    /** Entities of a FORMULA or ROLLUP per chunk (one page of the collection, the most a page holds). */
    static final int ENTITY_CHUNK = 200;
    /**
     * Items of a chunk whose commands are sent at once: their appends share statements and commits (the bus's group
     * commit). A chunk heartbeats after each window; a retry resumes at the window it was in, whose commands then
     * answer as duplicates.
     */
    static final int WINDOW = 200;

    private final JobHandler jobs;
    private final EntityHandler entities;
    private final CollectionHandler collections;
    private final PostgresEventStore store;
    private final CollectionEntities listing;
    private final UploadStore uploads;
    private final long nanosPerItem;
    /** Items sent at once: {@link #WINDOW}, fewer for a paced job. */
    private final int window;
    private final Cache<UUID, JobParameters> parameters = Caffeine.newBuilder().maximumSize(64).build();
    /** When each job's next item may start, shared by its chunks running side by side (pacing). */
    private final Cache<UUID, AtomicLong> nextSlot = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    /**
     * @param maxItemsPerSecond how fast one job may go (0: as fast as it can), to keep a big job from crowding out
     *                          users' own commands
     */
    public JobActivitiesImpl(JobHandler jobs, EntityHandler entities, CollectionHandler collections,
            PostgresEventStore store, CollectionEntities listing, UploadStore uploads, int maxItemsPerSecond) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.entities = Objects.requireNonNull(entities, "entities");
        this.collections = Objects.requireNonNull(collections, "collections");
        this.store = Objects.requireNonNull(store, "store");
        this.listing = Objects.requireNonNull(listing, "listing");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.nanosPerItem = maxItemsPerSecond <= 0 ? 0 : 1_000_000_000L / maxItemsPerSecond;
        // a paced job sends about 100 ms of its items at a time: smooth, and no burst of a whole window after a restart
        this.window = nanosPerItem == 0 ? WINDOW
                : (int) Math.max(1, Math.min(WINDOW, Duration.ofMillis(100).toNanos() / nanosPerItem));
    }

    @Override
    public long begin(JobInput job) {
        return Refusal.refusing(() -> beginStep(job));
    }

    private long beginStep(JobInput job) {
        JobParameters params = parameters(job);
        long total = switch (params) {
            case Import i -> {
                if (i.source() instanceof UploadedRows uploaded) {
                    claim(job, uploaded);
                }
                yield i.source().rowCount();
            }
            case Formula f -> count(job);
            case Rollup r -> count(job);
        };
        var info = Activity.getExecutionContext().getInfo();
        block(jobs.start(job.worker(), job.job(), total, info.getWorkflowId(), info.getRunId(), job.commandId("start", "")));
        return total;
    }

    /** The upload becomes this job's (it is deleted when the job ends); refused when another job has it, or it is gone. */
    private void claim(JobInput job, UploadedRows uploaded) {
        if (block(uploads.claim(job.tenantId(), uploaded.upload(), job.jobId())) == null) {
            throw Rejection.validation("params.upload", "upload " + uploaded.upload()
                    + " is imported by another job, or was deleted");
        }
    }

    private long count(JobInput job) {
        long total = 0;
        String cursor = null;
        do {
            CollectionEntities.EntityPage page = listing.page(job.tenantId(), job.collectionId(), cursor, 200);
            total += page.ids().size();
            cursor = page.next();
        } while (cursor != null);
        return total;
    }

    @Override
    public ChunkResult process(JobInput job, String from) {
        return Refusal.refusing(() -> processStep(job, from));
    }

    private ChunkResult processStep(JobInput job, String from) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        JobParameters params = parameters(job);
        return switch (params) {
            case Import i -> switch (i.source()) {
                case ImportRows inline -> importInline(job, i, inline, from, context);
                case UploadedRows uploaded -> importPart(job, i, uploaded, from, context);
            };
            case Formula f -> eachEntity(job, from, context, (entity, state, schema) -> formula(job, f, entity, state, schema));
            case Rollup r -> {
                // the linked entities' schemas, looked up once per chunk rather than once per linked entity
                Map<CollectionId, CollectionSchema> linkedSchemas = new ConcurrentHashMap<>();
                yield eachEntity(job, from, context, (entity, state, schema) -> rollup(job, r, entity, state, linkedSchemas));
            }
        };
    }

    @Override
    public ChunkPlan plan(JobInput job, String from, int chunks) {
        return Refusal.refusing(() -> planStep(job, from, chunks));
    }

    private ChunkPlan planStep(JobInput job, String from, int chunks) {
        JobParameters params = parameters(job);
        List<String> starts = new ArrayList<>();
        String at = from;
        if (params instanceof Import imported && imported.source() instanceof UploadedRows uploaded) {
            return planParts(uploaded, from, chunks, !imported.skipBadRows());
        }
        for (int i = 0; i < chunks && (i == 0 || at != null); i++) {
            starts.add(at);
            at = switch (params) {
                case Import imported -> {
                    int next = (at == null ? 0 : Integer.parseInt(at)) + IMPORT_CHUNK;
                    yield next < imported.source().rowCount() ? Integer.toString(next) : null;
                }
                case Formula f -> listing.page(job.tenantId(), job.collectionId(), at, ENTITY_CHUNK).next();
                case Rollup r -> listing.page(job.tenantId(), job.collectionId(), at, ENTITY_CHUNK).next();
            };
        }
        return new ChunkPlan(starts, at, params instanceof Import imported && !imported.skipBadRows());
    }

    /** An uploaded import's chunks are its parts: each starts where a part starts. */
    private ChunkPlan planParts(UploadedRows uploaded, String from, int chunks, boolean oneAtATime) {
        long first = from == null ? 0 : Long.parseLong(from);
        List<Long> parts = block(uploads.partStarts(uploaded.upload(), first, chunks + 1));
        List<String> starts = new ArrayList<>();
        starts.add(from);
        for (Long start : parts) {
            if (start > first && starts.size() <= chunks) {
                starts.add(Long.toString(start));
            }
        }
        String after = starts.size() > chunks ? starts.removeLast() : null;
        return new ChunkPlan(starts, after, oneAtATime);
    }

    private ChunkResult importInline(JobInput job, Import params, ImportRows inline, String from,
            ActivityExecutionContext context) {
        int first = from == null ? 0 : Integer.parseInt(from);
        int end = Math.min(inline.size(), first + IMPORT_CHUNK);
        return importRows(job, params, inline.rows(), 0, first, end, end < inline.size() ? Integer.toString(end) : null,
                context);
    }

    /** The chunk of an uploaded import from {@code from} to the end of the part holding it, read from the upload. */
    private ChunkResult importPart(JobInput job, Import params, UploadedRows uploaded, String from,
            ActivityExecutionContext context) {
        int first = from == null ? 0 : Integer.parseInt(from);
        UploadPart part = block(uploads.partAt(uploaded.upload(), first));
        if (part == null) {
            return new ChunkResult(null, 0, 0, 0, 0, null, null);
        }
        CollectionSchema schema = block(collections.existing(job.requester(), job.collection())).schema();
        List<ImportRows.Row> rows = uploaded.rowsOf(part, schema);
        if (rows.size() != part.rows()) {
            // the upload cut its rows one way and the parser read them another: a defect, never the user's data
            throw new IllegalStateException("part " + part.firstRow() + " of upload " + uploaded.upload() + " holds "
                    + part.rows() + " rows but " + rows.size() + " were read");
        }
        int end = Math.toIntExact(part.firstRow() + part.rows());
        return importRows(job, params, rows, Math.toIntExact(part.firstRow()), first, end,
                end < uploaded.rowCount() ? Integer.toString(end) : null, context);
    }

    /**
     * Creates rows {@code first} to {@code end} (excluded) of the import; {@code rows} holds them from row
     * {@code offset} on.
     */
    private ChunkResult importRows(JobInput job, Import params, List<ImportRows.Row> rows, int offset, int first, int end,
            String next, ActivityExecutionContext context) {
        Tally tally = resumed(context, first);
        Requester requester = job.requester();
        for (int start = tally.next; start < end; start += window) {
            int stop = Math.min(end, start + window);
            pace(job, stop - start);
            List<String> errors = Flux.range(start, stop - start)
                    .flatMapSequential(i -> createRow(job, requester, rows.get(i - offset), i), WINDOW)
                    .collectList()
                    .block(COMMAND_TIMEOUT);
            for (int i = start; i < stop; i++) {
                String error = errors.get(i - start);
                tally.processed++;
                if (error.isEmpty()) {
                    tally.created++;
                    continue;
                }
                if (!params.skipBadRows()) {
                    // the rows after it in this window were sent too: undone, so the import stops at this row
                    undoAfter(job, i + 1, stop);
                    return new ChunkResult(null, tally.processed, tally.created, 0, 0, error, error);
                }
                tally.skipped++;
                tally.lastError = error;
            }
            context.heartbeat(tally.at(stop));
        }
        return new ChunkResult(next, tally.processed, tally.created, 0, tally.skipped, tally.lastError, null);
    }

    /** Archives the rows {@code from} to {@code to} (excluded) created, with the compensation's own command ids. */
    private void undoAfter(JobInput job, int from, int to) {
        Flux.range(from, Math.max(0, to - from))
                .flatMap(i -> undoCreate(job, EntityHandler.createdBy(job.requester(),
                        job.commandId("row", Integer.toString(i))), i), WINDOW)
                .blockLast(COMMAND_TIMEOUT);
    }

    /** Creates row {@code i}; answers "" when it is created (now or by an attempt before), else why not. */
    private Mono<String> createRow(JobInput job, Requester requester, ImportRows.Row row, int i) {
        if (row.error() != null) {
            return Mono.just(row.error());
        }
        return entities.create(requester, job.collection(), row.values(), job.commandId("row", Integer.toString(i)))
                .map(created -> "")
                .onErrorResume(Rejection.class, rejected -> Mono.just(row.where() + ": " + rejected.getMessage()));
    }

    private interface EntityWork {
        /** @return "updated", "unchanged" or an error text (skipped) */
        Mono<String> apply(EntityId entity, EntityState state, CollectionSchema schema);
    }

    private ChunkResult eachEntity(JobInput job, String from, ActivityExecutionContext context, EntityWork work) {
        CollectionEntities.EntityPage page = listing.page(job.tenantId(), job.collectionId(), from, ENTITY_CHUNK);
        Tally tally = resumed(context, 0);
        CollectionSchema schema = block(collections.existing(job.requester(), job.collection())).schema();
        Requester requester = job.requester();
        List<UUID> ids = page.ids();
        for (int start = tally.next; start < ids.size(); start += window) {
            int stop = Math.min(ids.size(), start + window);
            pace(job, stop - start);
            List<String> outcomes = Flux.fromIterable(ids.subList(start, stop))
                    .flatMapSequential(id -> {
                        EntityId entity = new EntityId(id);
                        return entities.existing(requester, entity)
                                .flatMap(state -> state.archived() ? Mono.just("unchanged") : work.apply(entity, state, schema))
                                .onErrorResume(Rejection.class,
                                        rejected -> Mono.just("entity " + entity + ": " + rejected.getMessage()));
                    }, WINDOW)
                    .collectList()
                    .block(COMMAND_TIMEOUT);
            for (String outcome : outcomes) {
                tally.processed++;
                switch (outcome) {
                    case "updated" -> tally.updated++;
                    case "unchanged" -> { }
                    default -> {
                        tally.skipped++;
                        tally.lastError = outcome;
                    }
                }
            }
            context.heartbeat(tally.at(stop));
        }
        return new ChunkResult(page.next(), tally.processed, 0, tally.updated, tally.skipped, tally.lastError, null);
    }

    private Mono<String> formula(JobInput job, Formula params, EntityId entity, EntityState state, CollectionSchema schema) {
        Map<String, Value> byName = new HashMap<>();
        for (Attribute attribute : schema.attributes()) {
            Value value = state.values().get(attribute.id());
            if (value != null) {
                byName.put(attribute.name(), value);
            }
        }
        ValueInput result;
        try {
            result = params.program().evaluate(byName);
        } catch (CelEvaluationException | ArithmeticException | IllegalArgumentException e) {
            // the expression's own errors, about the user's expression and data; anything else fails the chunk
            return Mono.just("entity " + entity + ": " + e.getMessage());
        }
        return write(job, entity, result);
    }

    private Mono<String> rollup(JobInput job, Rollup params, EntityId entity, EntityState state,
            Map<CollectionId, CollectionSchema> linkedSchemas) {
        return Flux.fromIterable(state.links().getOrDefault(params.link().id(), java.util.Set.of()))
                .concatMap(target -> entities.existing(job.requester(), target)
                        .onErrorResume(Rejection.class, gone -> Mono.empty()))
                .filter(other -> !other.archived())
                .concatMap(other -> params.attribute() == null ? Mono.just(Optional.<Value>empty())
                        : valueNamed(job, other, params.attribute(), linkedSchemas).map(Optional::of)
                                .defaultIfEmpty(Optional.empty()))
                .collectList()
                .flatMap(values -> {
                    List<BigDecimal> numbers = values.stream().flatMap(Optional::stream)
                            .filter(NumberValue.class::isInstance).map(v -> ((NumberValue) v).value()).toList();
                    long linked = values.size();
                    BigDecimal result = switch (params.function()) {
                        case COUNT -> BigDecimal.valueOf(params.attribute() == null ? linked : numbers.size());
                        case SUM -> numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                        case AVG -> numbers.isEmpty() ? null
                                : numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                                .divide(BigDecimal.valueOf(numbers.size()), MathContext.DECIMAL64);
                        case MIN -> numbers.stream().min(BigDecimal::compareTo).orElse(null);
                        case MAX -> numbers.stream().max(BigDecimal::compareTo).orElse(null);
                    };
                    if (result == null) {
                        return Mono.just("entity " + entity + ": no linked values to "
                                + params.function().name().toLowerCase(java.util.Locale.ROOT));
                    }
                    return write(job, entity, new ValueInput(params.target().name(), null, result, null, null, null));
                });
    }

    /** The linked entity's value of the named attribute (its collection's schema looked up once per chunk). */
    private Mono<Value> valueNamed(JobInput job, EntityState other, String attribute,
            Map<CollectionId, CollectionSchema> schemas) {
        CollectionSchema known = schemas.get(other.collection());
        Mono<CollectionSchema> schema = known != null ? Mono.just(known)
                : collections.existing(job.requester(), other.collection()).map(found -> {
                    schemas.put(other.collection(), found.schema());
                    return found.schema();
                });
        return schema.flatMap(s -> Mono.justOrEmpty(s.attributes().stream()
                .filter(a -> a.name().equalsIgnoreCase(attribute)).findFirst()
                .map(a -> other.values().get(a.id()))));
    }

    private Mono<String> write(JobInput job, EntityId entity, ValueInput value) {
        return entities.setValue(job.requester(), entity, value, job.commandId("write", entity.toString()))
                .map(written -> written.duplicate() || written.last() != null ? "updated" : "unchanged");
    }

    @Override
    public void progress(JobInput job, JobCounters counters) {
        Refusal.refusing(() -> progressStep(job, counters));
    }

    private void progressStep(JobInput job, JobCounters counters) {
        block(jobs.progress(job.worker(), job.job(), counters.done(), counters.total(), counters.lastError(),
                job.commandId("progress", Long.toString(counters.done()))));
    }

    @Override
    public void complete(JobInput job, JobCounters counters) {
        Refusal.refusing(() -> completeStep(job, counters));
    }

    private void completeStep(JobInput job, JobCounters counters) {
        block(jobs.complete(job.worker(), job.job(), new JobSummary(counters.created(), counters.updated(), counters.skipped()),
                job.commandId("complete", "")));
        ended(job);
    }

    @Override
    public void fail(JobInput job, String error) {
        Refusal.refusing(() -> failStep(job, error));
    }

    private void failStep(JobInput job, String error) {
        block(jobs.fail(job.worker(), job.job(), error, job.commandId("fail", "")));
        ended(job);
    }

    /** The job's end is recorded: the file it imported is deleted (an attempt again finds nothing to delete). */
    private void ended(JobInput job) {
        if (job.kind() == JobKind.IMPORT) {
            block(uploads.deleteClaimedBy(job.jobId()));
        }
    }

    @Override
    public void cancelled(JobInput job, long restored, boolean compensated) {
        Refusal.refusing(() -> cancelledStep(job, restored, compensated));
    }

    private void cancelledStep(JobInput job, long restored, boolean compensated) {
        if (compensated) {
            block(jobs.compensated(job.worker(), job.job(), restored, job.commandId("compensated", "")));
        } else {
            block(jobs.cancelled(job.worker(), job.job(), job.commandId("cancelled", "")));
        }
        ended(job);
    }

    @Override
    public long compensate(JobInput job) {
        return Refusal.refusing(() -> compensateStep(job));
    }

    private long compensateStep(JobInput job) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        JobParameters params;
        try {
            params = parameters(job);
        } catch (Rejection uploadGone) {
            // an import of an upload that another job had, or that was gone, stopped at its start: it created nothing
            if (job.kind() == JobKind.IMPORT) {
                return 0;
            }
            throw uploadGone;
        }
        long restored = 0;
        if (params instanceof Import imported) {
            if (imported.keepPartial()) {
                return 0;
            }
            int start = context.getHeartbeatDetails(Integer.class).orElse(0);
            int rows = Math.toIntExact(imported.source().rowCount());
            for (int from = start; from < rows; from += WINDOW) {
                int stop = Math.min(rows, from + WINDOW);
                restored += Flux.range(from, stop - from)
                        .flatMap(i -> undoCreate(job, EntityHandler.createdBy(job.requester(),
                                job.commandId("row", Integer.toString(i))), i), WINDOW)
                        .reduce(0L, Long::sum)
                        .block(COMMAND_TIMEOUT);
                context.heartbeat(stop);
            }
            return restored;
        }
        Attribute target = params instanceof Formula f ? f.target() : ((Rollup) params).target();
        String cursor = null;
        do {
            CollectionEntities.EntityPage page = listing.page(job.tenantId(), job.collectionId(), cursor, ENTITY_CHUNK);
            restored += Flux.fromIterable(page.ids())
                    .flatMap(id -> restore(job, new EntityId(id), target), WINDOW)
                    .reduce(0L, Long::sum)
                    .block(COMMAND_TIMEOUT);
            context.heartbeat(null);
            cursor = page.next();
        } while (cursor != null);
        return restored;
    }

    /** Archives the entity row {@code row} created, unless it is archived already or was never created: 1 or 0. */
    private Mono<Long> undoCreate(JobInput job, EntityId created, int row) {
        return entities.existing(job.requester(), created)
                .flatMap(state -> state.archived() ? Mono.just(0L)
                        : entities.archive(job.requester(), created, job.commandId("undo", Integer.toString(row)))
                                .thenReturn(1L))
                .onErrorResume(Rejection.class, nothingToUndo -> Mono.just(0L));
    }

    /** Puts back the value the job replaced on the entity, unless someone changed it since: 1 or 0. */
    private Mono<Long> restore(JobInput job, EntityId entity, Attribute target) {
        Requester requester = job.requester();
        return store.findCommand(requester.commandScope(), job.commandId("write", entity.toString()))
                .filter(write -> write.toVersion() > write.fromVersion())
                .flatMap(write -> store.readStream(write.stream(), write.toVersion(), 1))
                .filter(written -> !written.isEmpty())
                .flatMap(written -> Aggregates.ENTITY.events().decode(written.getFirst()) instanceof ValueSet set
                        ? Mono.just(set) : Mono.empty())
                .flatMap(set -> entities.existing(requester, entity).flatMap(now -> {
                    if (!Objects.equals(now.values().get(set.attribute()), set.value())) {
                        log.info("job {}: entity {} changed since the job wrote it; its value stays", job.jobId(), entity);
                        return Mono.just(0L);
                    }
                    UUID restoreId = job.commandId("restore", entity.toString());
                    Mono<Result> put = set.previous() == null
                            ? entities.clearValue(requester, entity, target.name(), restoreId)
                            : entities.setValue(requester, entity, input(target.name(), set.previous()), restoreId);
                    return put.thenReturn(1L);
                }))
                .defaultIfEmpty(0L);
    }

    private static ValueInput input(String attribute, Value value) {
        return switch (value) {
            case TextValue t -> new ValueInput(attribute, t.value(), null, null, null, null);
            case NumberValue n -> new ValueInput(attribute, null, n.value(), null, null, null);
            case BooleanValue b -> new ValueInput(attribute, null, null, b.value(), null, null);
            case DateValue d -> new ValueInput(attribute, null, null, null, d.value(), null);
            case SelectValue s -> new ValueInput(attribute, null, null, null, null, s.option());
        };
    }

    /** The job's parameters from its {@code job.requested} event, checked against the collection's schema. */
    private JobParameters parameters(JobInput job) {
        return parameters.get(job.jobId(), id -> {
            List<RecordedEvent> first = block(store.readStream(StreamId.of("job", job.tenantId(), job.jobId()), 1, 1));
            if (first.isEmpty() || !(Aggregates.JOB.events().decode(first.getFirst()) instanceof JobRequested requested)) {
                throw Rejection.notFound("job " + job.jobId() + " was never requested");
            }
            CollectionSchema schema = block(collections.existing(job.requester(), job.collection())).schema();
            Optional<Upload> upload = JobParameters.uploadOf(requested.parameters())
                    .flatMap(named -> Optional.ofNullable(block(uploads.find(job.tenantId(), named))));
            return JobParameters.parse(job.kind(), requested.parameters(), schema, upload);
        });
    }

    /**
     * Waits for the job's turn to work on {@code items} more items: the slots of one job are shared by its chunks, so
     * that {@code decidr.jobs.max-items-per-second} holds for the job however many of its chunks run at once.
     */
    private void pace(JobInput job, int items) {
        if (nanosPerItem <= 0) {
            return;
        }
        AtomicLong slot = nextSlot.get(job.jobId(), id -> new AtomicLong(System.nanoTime()));
        long cost = nanosPerItem * items;
        long now = System.nanoTime();
        long at = slot.getAndAccumulate(cost, (next, add) -> Math.max(next, now) + add);
        long wait = Math.max(at, now) - now;
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(COMMAND_TIMEOUT);
    }

    /** A chunk's counts from where its last attempt got to (its last heartbeat), or from {@code first} in the first. */
    private static Tally resumed(ActivityExecutionContext context, int first) {
        return new Tally(context.getHeartbeatDetails(ChunkProgress.class).orElse(ChunkProgress.at(first)));
    }

    private static final class Tally {
        final int next;
        long processed;
        long created;
        long updated;
        long skipped;
        String lastError;

        Tally(ChunkProgress resumed) {
            this.next = resumed.next();
            this.processed = resumed.processed();
            this.created = resumed.created();
            this.updated = resumed.updated();
            this.skipped = resumed.skipped();
            this.lastError = resumed.lastError();
        }

        /** What to heartbeat once the items before {@code nextItem} are done. */
        ChunkProgress at(int nextItem) {
            return new ChunkProgress(nextItem, processed, created, updated, skipped, lastError);
        }
    }
}
