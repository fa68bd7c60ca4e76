package io.decidr.workflows.job;

import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Result;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.Value;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.CreatedEntity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The jobs that compute a value on each entity of their collection (FORMULA, ROLLUP): the collection's entities as the
 * log lists them while the job runs ({@link CollectionMembership}, the same listing the archive saga walks, so an
 * entity created a moment before the job is never missed for a read model behind), {@link #PAGE} a chunk, archived
 * ones left as they are; the value on entity {@code e} is written by the command
 * {@code job/<tenant>/<job>/write/<e>}, and put back by {@code .../restore/<e>} unless someone changed it since. A
 * kind says only what it computes on one entity ({@link #computation}).
 */
abstract sealed class CollectionJob implements JobWork permits FormulaJob, RollupJob {

    private static final Logger log = LoggerFactory.getLogger(CollectionJob.class);
    /** Entities per chunk (one page of the collection, the most a page holds). */
    static final int PAGE = 200;

    final JobChunks chunks;
    /** The attribute the job writes. */
    private final Attribute target;

    CollectionJob(JobChunks chunks, Attribute target) {
        this.chunks = Objects.requireNonNull(chunks, "chunks");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** What a job computes on one active entity of its collection. */
    interface Computation {
        Mono<ItemOutcome> apply(EntityId entity, EntityState state, CollectionSchema schema);
    }

    /** The computation for one chunk (made once per chunk, so it may keep what the chunk's entities share). */
    abstract Computation computation(JobInput job);

    /** Entities counted per query of {@link #begin}. */
    private static final int COUNTED = 10_000;

    /** One page of the listing; {@code next} is null after the last. */
    private record Listed(List<UUID> ids, String next) {
    }

    @Override
    public final long begin(JobInput job) {
        long total = 0;
        String cursor = null;
        do {
            Listed page = page(job, cursor, COUNTED);
            total += page.ids().size();
            cursor = page.next();
        } while (cursor != null);
        return total;
    }

    @Override
    public final ChunkPlan plan(JobInput job, String from, int count) {
        List<String> starts = new ArrayList<>();
        String at = from;
        for (int i = 0; i < count && (i == 0 || at != null); i++) {
            starts.add(at);
            at = page(job, at, PAGE).next();
        }
        return new ChunkPlan(starts, at, false);
    }

    /** The page of entities from {@code from}: each active one computed, archived ones left as they are. */
    @Override
    public final ChunkResult process(JobInput job, String from, ActivityExecutionContext context) {
        Computation computation = computation(job);
        Listed page = page(job, from, PAGE);
        CollectionSchema schema = chunks.schema(job);
        List<UUID> ids = page.ids();
        return chunks.run(job, context, 0, ids.size(), page.next(), i -> {
            EntityId entity = new EntityId(ids.get(i));
            return chunks.entities.existing(job.requester(), entity)
                    .flatMap(state -> state.archived() ? Mono.just(ItemOutcome.UNCHANGED)
                            : computation.apply(entity, state, schema))
                    .onErrorResume(Rejection.class, rejected -> ItemOutcome.refused(rejected, "entity " + entity));
        }, null);
    }

    /** Writes the job's value of the target on the entity, once per job and entity. */
    final Mono<ItemOutcome> write(JobInput job, EntityId entity, Value value) {
        ValueInput input = new ValueInput(target.name(), value);
        return chunks.entities.setValue(job.requester(), entity, input, job.commandId("write", entity.toString()))
                .map(written -> written.duplicate() || written.last() != null ? ItemOutcome.UPDATED : ItemOutcome.UNCHANGED);
    }

    /** Puts back, on every entity of the collection, the value of the target the job replaced. */
    @Override
    public final long compensate(JobInput job, ActivityExecutionContext context) {
        long restored = 0;
        String cursor = null;
        do {
            Listed page = page(job, cursor, PAGE);
            restored += Flux.fromIterable(page.ids())
                    .flatMap(id -> restore(job, new EntityId(id), target), JobChunks.WINDOW)
                    .reduce(0L, Long::sum)
                    .block(JobChunks.COMMAND_TIMEOUT);
            context.heartbeat(null);
            cursor = page.next();
        } while (cursor != null);
        return restored;
    }

    /**
     * Up to {@code limit} entities created in the job's collection after the cursor (null: from the first). The cursor
     * is where the last one stands in the log, {@code <tx>:<position>}; a page shorter than the limit is the last.
     */
    private Listed page(JobInput job, String cursor, int limit) {
        Checkpoint after = cursor == null ? Checkpoint.START : new Checkpoint(
                Long.parseUnsignedLong(cursor.substring(0, cursor.indexOf(':'))),
                Long.parseLong(cursor.substring(cursor.indexOf(':') + 1)));
        List<CreatedEntity> created = chunks.members.createdIn(job.tenantId(), job.collectionId(), after, limit)
                .block(JobChunks.COMMAND_TIMEOUT);
        Checkpoint last = created.isEmpty() ? null : created.getLast().at();
        return new Listed(created.stream().map(CreatedEntity::entityId).toList(), created.size() < limit ? null
                : Long.toUnsignedString(last.tx()) + ":" + last.position());
    }

    /** Puts back the value the job replaced on the entity, unless someone changed it since: 1 or 0. */
    private Mono<Long> restore(JobInput job, EntityId entity, Attribute target) {
        Requester requester = job.requester().undoingWork();
        return chunks.entities.valueSetBy(requester, job.commandId("write", entity.toString()))
                .flatMap(set -> chunks.entities.existing(requester, entity).flatMap(now -> {
                    if (set.personal() && now.erased()) {
                        // its personal values are gone for good, the job's and the one it replaced alike
                        log.info("job {}: entity {} was erased since the job wrote it; nothing to put back", job.jobId(),
                                entity);
                        return Mono.just(0L);
                    }
                    if (!Objects.equals(now.values().get(set.attribute()), set.value())) {
                        log.info("job {}: entity {} changed since the job wrote it; its value stays", job.jobId(), entity);
                        return Mono.just(0L);
                    }
                    UUID restoreId = job.commandId("restore", entity.toString());
                    Mono<Result> put = set.previous() == null
                            ? chunks.entities.clearValue(requester, entity, target.name(), restoreId)
                            : chunks.entities.setValue(requester, entity, new ValueInput(target.name(), set.previous()), restoreId);
                    return put.thenReturn(1L);
                }))
                .defaultIfEmpty(0L);
    }
}
