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
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.job.JobSummary;
import io.decidr.eventstore.AppendResult;
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
import io.decidr.workflows.job.JobParameters.Formula;
import io.decidr.workflows.job.JobParameters.Import;
import io.decidr.workflows.job.JobParameters.Rollup;
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
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute jobs' steps over the command handlers. Activities run on the worker's threads and may block.
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
    static final int IMPORT_CHUNK = 200;
    /** Entities of a FORMULA or ROLLUP per chunk (one page of the collection). */
    static final int ENTITY_CHUNK = 100;

    private final JobHandler jobs;
    private final EntityHandler entities;
    private final CollectionHandler collections;
    private final PostgresEventStore store;
    private final CollectionEntities listing;
    private final long nanosPerItem;
    private final Cache<UUID, JobParameters> parameters = Caffeine.newBuilder().maximumSize(64).build();

    /**
     * @param maxItemsPerSecond how fast one job may go (0: as fast as it can), to keep a big job from crowding out
     *                          users' own commands
     */
    public JobActivitiesImpl(JobHandler jobs, EntityHandler entities, CollectionHandler collections,
            PostgresEventStore store, CollectionEntities listing, int maxItemsPerSecond) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.entities = Objects.requireNonNull(entities, "entities");
        this.collections = Objects.requireNonNull(collections, "collections");
        this.store = Objects.requireNonNull(store, "store");
        this.listing = Objects.requireNonNull(listing, "listing");
        this.nanosPerItem = maxItemsPerSecond <= 0 ? 0 : 1_000_000_000L / maxItemsPerSecond;
    }

    @Override
    public long begin(JobInput job) {
        JobParameters params = parameters(job);
        long total = switch (params) {
            case Import i -> i.rows().size();
            case Formula f -> count(job);
            case Rollup r -> count(job);
        };
        var info = Activity.getExecutionContext().getInfo();
        block(jobs.start(job.worker(), job.job(), total, info.getWorkflowId(), info.getRunId(), job.commandId("start", "")));
        return total;
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
        ActivityExecutionContext context = Activity.getExecutionContext();
        JobParameters params = parameters(job);
        return switch (params) {
            case Import i -> importRows(job, i, from, context);
            case Formula f -> eachEntity(job, from, context, (entity, state, schema) -> formula(job, f, entity, state, schema));
            case Rollup r -> {
                // the linked entities' schemas, looked up once per chunk rather than once per linked entity
                Map<CollectionId, CollectionSchema> linkedSchemas = new HashMap<>();
                yield eachEntity(job, from, context, (entity, state, schema) -> rollup(job, r, entity, state, linkedSchemas));
            }
        };
    }

    private ChunkResult importRows(JobInput job, Import params, String from, ActivityExecutionContext context) {
        int first = from == null ? 0 : Integer.parseInt(from);
        Tally tally = resumed(context, first);
        int start = tally.next;
        int end = Math.min(params.rows().size(), start + IMPORT_CHUNK);
        for (int i = start; i < end; i++) {
            ImportRows.Row row = params.rows().rows().get(i);
            String error = row.error();
            if (error == null) {
                try {
                    Result created = block(entities.create(job.requester(), job.collection(), row.values(),
                            job.commandId("row", Integer.toString(i))));
                    tally.created += created.duplicate() || created.last() != null ? 1 : 0;
                } catch (Rejection rejected) {
                    error = row.where() + ": " + rejected.getMessage();
                }
            }
            tally.processed++;
            if (error != null) {
                if (!params.skipBadRows()) {
                    return new ChunkResult(null, tally.processed, tally.created, 0, 0, error, error);
                }
                tally.skipped++;
                tally.lastError = error;
            }
            pace();
            context.heartbeat(tally.at(i + 1));
        }
        return new ChunkResult(end < params.rows().size() ? Integer.toString(end) : null, tally.processed, tally.created,
                0, tally.skipped, tally.lastError, null);
    }

    private interface EntityWork {
        /** @return "updated", "unchanged" or an error text (skipped) */
        String apply(EntityId entity, EntityState state, CollectionSchema schema);
    }

    private ChunkResult eachEntity(JobInput job, String from, ActivityExecutionContext context, EntityWork work) {
        CollectionEntities.EntityPage page = listing.page(job.tenantId(), job.collectionId(), from, ENTITY_CHUNK);
        Tally tally = resumed(context, 0);
        CollectionSchema schema = block(collections.existing(job.requester(), job.collection())).schema();
        for (int i = tally.next; i < page.ids().size(); i++) {
            EntityId entity = new EntityId(page.ids().get(i));
            String outcome;
            try {
                EntityState state = block(entities.existing(job.requester(), entity));
                outcome = state.archived() ? "unchanged" : work.apply(entity, state, schema);
            } catch (Rejection rejected) {
                outcome = "entity " + entity + ": " + rejected.getMessage();
            }
            tally.processed++;
            switch (outcome) {
                case "updated" -> tally.updated++;
                case "unchanged" -> { }
                default -> {
                    tally.skipped++;
                    tally.lastError = outcome;
                }
            }
            pace();
            context.heartbeat(tally.at(i + 1));
        }
        return new ChunkResult(page.next(), tally.processed, 0, tally.updated, tally.skipped, tally.lastError, null);
    }

    private String formula(JobInput job, Formula params, EntityId entity, EntityState state, CollectionSchema schema) {
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
            return "entity " + entity + ": " + e.getMessage();
        }
        return write(job, entity, result);
    }

    private String rollup(JobInput job, Rollup params, EntityId entity, EntityState state,
            Map<CollectionId, CollectionSchema> linkedSchemas) {
        List<BigDecimal> numbers = new ArrayList<>();
        long linked = 0;
        for (EntityId target : state.links().getOrDefault(params.link().id(), java.util.Set.of())) {
            EntityState other;
            try {
                other = block(entities.existing(job.requester(), target));
            } catch (Rejection gone) {
                continue;
            }
            if (other.archived()) {
                continue;
            }
            linked++;
            if (params.attribute() != null) {
                Optional<Value> value = valueNamed(job, other, params.attribute(), linkedSchemas);
                value.filter(NumberValue.class::isInstance).map(v -> ((NumberValue) v).value()).ifPresent(numbers::add);
            }
        }
        BigDecimal result = switch (params.function()) {
            case COUNT -> BigDecimal.valueOf(params.attribute() == null ? linked : numbers.size());
            case SUM -> numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            case AVG -> numbers.isEmpty() ? null
                    : numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(numbers.size()),
                    MathContext.DECIMAL64);
            case MIN -> numbers.stream().min(BigDecimal::compareTo).orElse(null);
            case MAX -> numbers.stream().max(BigDecimal::compareTo).orElse(null);
        };
        if (result == null) {
            return "entity " + entity + ": no linked values to " + params.function().name().toLowerCase(java.util.Locale.ROOT);
        }
        return write(job, entity, new ValueInput(params.target().name(), null, result, null, null, null));
    }

    private Optional<Value> valueNamed(JobInput job, EntityState other, String attribute,
            Map<CollectionId, CollectionSchema> schemas) {
        CollectionSchema schema = schemas.computeIfAbsent(other.collection(),
                collection -> block(collections.existing(job.requester(), collection)).schema());
        return schema.attributes().stream().filter(a -> a.name().equalsIgnoreCase(attribute)).findFirst()
                .map(a -> other.values().get(a.id()));
    }

    private String write(JobInput job, EntityId entity, ValueInput value) {
        Result written = block(entities.setValue(job.requester(), entity, value, job.commandId("write", entity.toString())));
        return written.duplicate() || written.last() != null ? "updated" : "unchanged";
    }

    @Override
    public void progress(JobInput job, JobCounters counters) {
        block(jobs.progress(job.worker(), job.job(), counters.done(), counters.total(), counters.lastError(),
                job.commandId("progress", Long.toString(counters.done()))));
    }

    @Override
    public void complete(JobInput job, JobCounters counters) {
        block(jobs.complete(job.worker(), job.job(), new JobSummary(counters.created(), counters.updated(), counters.skipped()),
                job.commandId("complete", "")));
    }

    @Override
    public void fail(JobInput job, String error) {
        block(jobs.fail(job.worker(), job.job(), error, job.commandId("fail", "")));
    }

    @Override
    public void cancelled(JobInput job, long restored, boolean compensated) {
        if (compensated) {
            block(jobs.compensated(job.worker(), job.job(), restored, job.commandId("compensated", "")));
        } else {
            block(jobs.cancelled(job.worker(), job.job(), job.commandId("cancelled", "")));
        }
    }

    @Override
    public long compensate(JobInput job) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        JobParameters params = parameters(job);
        long restored = 0;
        if (params instanceof Import imported) {
            if (imported.keepPartial()) {
                return 0;
            }
            int start = context.getHeartbeatDetails(Integer.class).orElse(0);
            for (int i = start; i < imported.rows().size(); i++) {
                EntityId created = EntityHandler.createdBy(job.requester(), job.commandId("row", Integer.toString(i)));
                restored += undoCreate(job, created, i);
                context.heartbeat(i + 1);
            }
            return restored;
        }
        Attribute target = params instanceof Formula f ? f.target() : ((Rollup) params).target();
        String cursor = null;
        do {
            CollectionEntities.EntityPage page = listing.page(job.tenantId(), job.collectionId(), cursor, ENTITY_CHUNK);
            for (UUID id : page.ids()) {
                restored += restore(job, new EntityId(id), target);
                context.heartbeat(null);
            }
            cursor = page.next();
        } while (cursor != null);
        return restored;
    }

    private int undoCreate(JobInput job, EntityId created, int row) {
        try {
            EntityState state = block(entities.existing(job.requester(), created));
            if (state.archived()) {
                return 0;
            }
            block(entities.archive(job.requester(), created, job.commandId("undo", Integer.toString(row))));
            return 1;
        } catch (Rejection nothingToUndo) {
            return 0;
        }
    }

    /** Puts back the value the job replaced on the entity, unless someone changed it since. */
    private int restore(JobInput job, EntityId entity, Attribute target) {
        Requester requester = job.requester();
        AppendResult write = store.findCommand(requester.commandScope(), job.commandId("write", entity.toString()))
                .blockOptional(COMMAND_TIMEOUT).orElse(null);
        if (write == null || write.toVersion() <= write.fromVersion()) {
            return 0;
        }
        List<RecordedEvent> written = block(store.readStream(write.stream(), write.toVersion(), 1));
        if (written.isEmpty() || !(Aggregates.ENTITY.events().decode(written.getFirst()) instanceof ValueSet set)) {
            return 0;
        }
        EntityState now = block(entities.existing(requester, entity));
        if (!Objects.equals(now.values().get(set.attribute()), set.value())) {
            log.info("job {}: entity {} changed since the job wrote it; its value stays", job.jobId(), entity);
            return 0;
        }
        UUID restoreId = job.commandId("restore", entity.toString());
        if (set.previous() == null) {
            block(entities.clearValue(requester, entity, target.name(), restoreId));
        } else {
            block(entities.setValue(requester, entity, input(target.name(), set.previous()), restoreId));
        }
        return 1;
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
            return JobParameters.parse(job.kind(), requested.parameters(), schema);
        });
    }

    private void pace() {
        if (nanosPerItem > 0) {
            LockSupport.parkNanos(nanosPerItem);
        }
    }

    private static <T> T block(reactor.core.publisher.Mono<T> mono) {
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
