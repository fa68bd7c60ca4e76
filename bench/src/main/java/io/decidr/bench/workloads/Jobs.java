package io.decidr.bench.workloads;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.bench.BenchContext;
import io.decidr.bench.CpuMeter;
import io.decidr.bench.Fixture;
import io.decidr.bench.Latencies;
import io.decidr.bench.Measured;
import io.decidr.bench.Platform;
import io.decidr.bench.Row;
import io.decidr.bench.Target;
import io.decidr.bench.Workload;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.job.JobKind;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.CreatedEntity;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.job.JobCounters;
import io.decidr.workflows.job.JobInput;
import io.decidr.workflows.job.JobParameters;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;

/**
 * Compute jobs end to end (started as the API starts them, timed until their workflow ends): IMPORT of N rows, then
 * FORMULA and ROLLUP over the N entities it created, in a collection of their own. The rate is items per second of
 * the whole job, its start and its completion record included.
 */
public final class Jobs implements Workload {

    private static final Duration WAIT = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Platform platform = context.platform();
        Requester member = context.fixture().member();
        CollectionHandler collections = platform.bean(CollectionHandler.class);
        CollectionId rows = new CollectionId(collections.create(member, "Job rows", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(member, rows, "Name", new TextType(200), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(member, rows, "Score", new NumberType(), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(member, rows, "Double", new NumberType(), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(member, rows, "Linked", new NumberType(), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(member, rows, "Parent", new LinkType(rows, "Children"), false, UUID.randomUUID()).block(WAIT);

        int count = context.sizes().smoke() ? 2_000 : 4_000;
        StringBuilder csv = new StringBuilder("Name,Score\n");
        for (int i = 0; i < count; i++) {
            csv.append("r").append(i).append(',').append(i % 1000).append('\n');
        }
        String importParams = JobParameters.JSON.writeValueAsString(Map.of("format", "CSV", "data", csv.toString()));
        context.report().add(job(context, JobKind.IMPORT, rows, importParams, count + " rows, inline CSV"));

        awaitProjected(platform);
        linkSome(platform, member, rows, Math.max(10, count / 100));
        awaitProjected(platform);
        context.report().add(job(context, JobKind.FORMULA, rows, JobParameters.JSON.writeValueAsString(
                Map.of("expression", "Score * 2.0", "target", "Double")), count + " entities"));
        context.report().add(job(context, JobKind.ROLLUP, rows, JobParameters.JSON.writeValueAsString(
                Map.of("function", "COUNT", "link", "Parent", "target", "Linked")), count + " entities"));
    }

    /** Starts the job as the API does and waits for its workflow to end; one row with items per second. */
    static Row job(BenchContext context, JobKind kind, CollectionId collection, String params, String variant)
            throws java.util.concurrent.TimeoutException {
        return job(context, kind, collection, params, variant, WAIT);
    }

    /** As above, waiting at most {@code wait} for the job's end. */
    static Row job(BenchContext context, JobKind kind, CollectionId collection, String params, String variant,
            Duration wait) throws java.util.concurrent.TimeoutException {
        Platform platform = context.platform();
        Requester member = context.fixture().member();
        CpuMeter cpu = new CpuMeter(platform.property("decidr.dev.data-dir", null));
        CpuMeter.Reading before = cpu.read();
        long started = System.nanoTime();
        UUID job = platform.bean(ComputeJobClient.class).start(member, kind, collection, params, UUID.randomUUID()).block(WAIT);
        JobCounters done = platform.bean(WorkflowClient.class)
                .newUntypedWorkflowStub(JobInput.workflowId(member.tenant().value(), job))
                .getResult(wait.toSeconds(), TimeUnit.SECONDS, JobCounters.class);
        long nanos = System.nanoTime() - started;
        Latencies latencies = new Latencies();
        latencies.record(nanos);
        long failed = done.skipped();
        Measured measured = new Measured(done.done(), nanos / 1e9, latencies, failed, done.lastError(),
                CpuMeter.between(before, cpu.read()));
        return Row.of(kind.name() + " job", variant, measured).aiming(new Target.Rate(5_000));
    }

    /** Links the first {@code links} entities to the one after them, so that ROLLUP has something to count. */
    private static void linkSome(Platform platform, Requester member, CollectionId collection, int links) {
        EntityHandler entities = platform.bean(EntityHandler.class);
        List<UUID> ids = platform.bean(CollectionMembership.class)
                .createdIn(member.tenant().value(), collection.value(), Checkpoint.START, links + 1).block(WAIT)
                .stream().map(CreatedEntity::entityId).toList();
        Flux.range(0, ids.size() - 1)
                .flatMap(i -> Fixture.link(entities, member, new EntityId(ids.get(i)), "Parent",
                        new EntityId(ids.get(i + 1))), 16)
                .blockLast(WAIT);
    }

    /**
     * Waits until every projector has applied every event committed now, so that a job's rate is not shared with the
     * projectors catching up on the events before it.
     */
    static void awaitProjected(Platform platform) {
        Checkpoint last = Flux.usingWhen(platform.postgres().create(),
                        c -> Flux.from(c.createStatement("""
                                        SELECT tx::text AS t, global_position FROM events ORDER BY tx DESC, global_position DESC LIMIT 1""")
                                .execute()).flatMap(r -> r.map(row -> new Checkpoint(
                                Long.parseUnsignedLong(row.get("t", String.class)), row.get("global_position", Long.class)))),
                        c -> reactor.core.publisher.Mono.from(c.close()))
                .blockFirst(WAIT);
        if (last == null) {
            return;
        }
        for (ManagedProjector projector : platform.bean(ProjectorRole.class).projectors()) {
            if (!Boolean.TRUE.equals(projector.awaitPosition(last, WAIT).block(WAIT.plusSeconds(5)))) {
                throw new IllegalStateException("projector " + projector.name() + " did not reach " + last);
            }
        }
    }
}
