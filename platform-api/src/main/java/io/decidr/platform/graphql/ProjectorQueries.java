package io.decidr.platform.graphql;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Role;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.failure.FailureNotice;
import io.decidr.domain.identity.Uuids;
import io.decidr.eventstore.EventLog;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.lease.Lease;
import io.decidr.eventstore.lease.Leases;
import io.decidr.platform.config.ProjectorOperations;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.platform.graphql.ReadModelGraph.ProjectorNode;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ParkedEvent;
import io.decidr.projections.runtime.ProjectionGeneration;
import io.decidr.projections.runtime.ProjectorLeadership;
import io.decidr.projections.runtime.ProjectorStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What operators see and do with the projectors: position, lag, parked events, retry and skip (done by the process
 * that runs the projector, whichever process this is: {@link ProjectorOperations}). Operators act on their own
 * tenant's streams; platform admins on all.
 */
@Controller
public class ProjectorQueries {

    private static final long LAG_COUNT_CAP = 1_000_000;

    private final ProjectorRole projectors;
    private final CheckpointStore checkpoints;
    private final EventLog log;
    private final Leases leases;
    private final ProjectorOperations operations;

    public ProjectorQueries(ProjectorRole projectors, CheckpointStore checkpoints, EventLog log, Leases leases,
            ProjectorOperations operations) {
        this.projectors = projectors;
        this.checkpoints = checkpoints;
        this.log = log;
        this.leases = leases;
        this.operations = operations;
    }

    /** A projector as the graph sees it, with who asks (for the parked events they may see). */
    public record ProjectorView(ProjectorNode status, Requester requester) {
        public String name() {
            return status.name();
        }

        public boolean running() {
            return status.running();
        }

        public long eventsBehind() {
            return status.eventsBehind();
        }

        public double secondsBehind() {
            return status.secondsBehind();
        }

    }

    /** A parked event as operators see it: its failure's code, short message and incident id, never the exception. */
    public record ParkedEventNode(String streamId, long version, String eventId, String type, String error, String code,
            String incident, int attempts, Instant parkedAt) {
        static ParkedEventNode of(ParkedEvent event) {
            FailureNotice notice = event.notice();
            return new ParkedEventNode(event.stream().value(), event.streamVersion(), event.eventId().toString(),
                    event.type(), notice.text(), notice.code(), notice.incident() == null ? null : notice.incident().toString(),
                    event.attempts(), event.parkedAt());
        }
    }

    @QueryMapping
    public Mono<List<ProjectorView>> projectors(Requester requester) {
        return Mono.defer(() -> {
            operator(requester);
            return leases.list().collectMap(Lease::name).flatMap(held -> Flux.fromIterable(projectors.projectors())
                    .concatMap(projector -> status(projector, held))
                    .map(status -> new ProjectorView(new ProjectorNode(status.projector(), status.running(),
                            status.eventsBehind(), status.behind().toMillis() / 1000.0, status.parkedEvents()), requester))
                    .collectList());
        });
    }

    /**
     * Measured where it runs; for one running in another process, from its stored checkpoint (at most
     * {@code decidr.projections.checkpoint-every} behind the runner's own position), {@code running} when a live lease
     * says some process runs it.
     */
    private Mono<ProjectorStatus> status(ManagedProjector projector, Map<String, Lease> held) {
        if (projector.runsHere()) {
            return projector.status();
        }
        Instant now = Instant.now();
        Lease lease = held.get(ProjectorLeadership.leaseName(projector.name()));
        boolean running = lease != null && lease.expiresAt().isAfter(now);
        return checkpoints.load(projector.checkpointName()).flatMap(at -> Mono.zip(log.countAfter(at, LAG_COUNT_CAP),
                        log.oldestAfter(at).map(oldest -> Duration.between(oldest, now)).defaultIfEmpty(Duration.ZERO),
                        projector.parkedEvents().count())
                .map(t -> new ProjectorStatus(projector.name(), running, at, t.getT1(),
                        t.getT2().isNegative() ? Duration.ZERO : t.getT2(), t.getT3())));
    }

    /** The process that holds the projector's lease, while it holds it; null when none does. */
    @SchemaMapping(typeName = "Projector")
    public Mono<String> runningIn(ProjectorView projector) {
        return leases.list()
                .filter(lease -> lease.name().equals(ProjectorLeadership.leaseName(projector.name()))
                        && lease.expiresAt().isAfter(Instant.now()))
                .map(Lease::holder)
                .next();
    }

    /** Counts only what the caller may see: another tenant's parked events would tell of its activity. */
    @SchemaMapping(typeName = "Projector")
    public Mono<Long> parkedEvents(ProjectorView projector) {
        return projector(projector.name()).parkedEvents()
                .filter(event -> visible(projector.requester(), event.stream()))
                .count();
    }

    @SchemaMapping(typeName = "Projector")
    public Mono<List<ParkedEventNode>> parked(ProjectorView projector) {
        return projector(projector.name()).parkedEvents()
                .filter(event -> visible(projector.requester(), event.stream()))
                .map(ParkedEventNode::of)
                .collectList();
    }

    /** A generation of a projector's read model, as the graph shows it. */
    public record GenerationNode(int generation, ProjectionGeneration.State state, Instant startedAt, Instant finishedAt,
            int eventsProcessed, double eventsPerSecond, Integer eventsBehind) {
        static GenerationNode of(ProjectionGeneration g, Instant now, Long eventsBehind) {
            return new GenerationNode(g.generation(), g.state(), g.startedAt(), g.finishedAt(),
                    (int) Math.min(Integer.MAX_VALUE, g.eventsProcessed()), g.eventsPerSecond(now),
                    eventsBehind == null ? null : (int) Math.min(Integer.MAX_VALUE, eventsBehind));
        }
    }

    @SchemaMapping(typeName = "Projector")
    public int generation(ProjectorView projector) {
        return projector(projector.name()).generation();
    }

    @SchemaMapping(typeName = "Projector")
    public Mono<List<GenerationNode>> generations(ProjectorView projector) {
        ManagedProjector managed = projector(projector.name());
        Mono<Long> behind = managed.buildingStatus().map(status -> status.eventsBehind()).defaultIfEmpty(-1L);
        return behind.flatMap(eventsBehind -> managed.history()
                .map(g -> GenerationNode.of(g, Instant.now(),
                        g.state() == ProjectionGeneration.State.BUILDING && eventsBehind >= 0 ? eventsBehind : null))
                .collectList());
    }

    @MutationMapping
    public Mono<GenerationNode> rebuildProjector(@Argument String projector, Requester requester) {
        return Mono.defer(() -> {
            if (!requester.actor().has(Role.PLATFORM_ADMIN)) {
                throw Rejection.forbidden("a rebuild replays every tenant's events: it is for platform admins");
            }
            return operations.rebuild(projector).map(g -> GenerationNode.of(g, Instant.now(), null));
        });
    }

    @MutationMapping
    public Mono<Integer> retryParkedEvents(@Argument String projector, @Argument String streamId, Requester requester) {
        return Mono.defer(() -> {
            StreamId stream = visibleStream(operator(requester), streamId);
            return operations.retry(projector, stream);
        });
    }

    @MutationMapping
    public Mono<Boolean> skipParkedEvent(@Argument String projector, @Argument String streamId, @Argument String eventId,
            Requester requester) {
        return Mono.defer(() -> {
            StreamId stream = visibleStream(operator(requester), streamId);
            return operations.skip(projector, stream, Uuids.parse(eventId, "eventId"));
        });
    }

    private ManagedProjector projector(String name) {
        return projectors.named(name).orElseThrow(() -> Rejection.notFound("there is no projector " + name));
    }

    private static Requester operator(Requester requester) {
        if (!requester.actor().has(Role.OPERATOR) && !requester.actor().has(Role.PLATFORM_ADMIN)) {
            throw Rejection.forbidden("projectors are for operators");
        }
        return requester;
    }

    private static StreamId visibleStream(Requester requester, String text) {
        StreamId stream;
        try {
            stream = new StreamId(text);
        } catch (IllegalArgumentException e) {
            throw Rejection.validation("streamId", "streamId is not a stream id");
        }
        if (!visible(requester, stream)) {
            throw Rejection.notFound("no stream " + text + " in your tenant");
        }
        return stream;
    }

    /** Stream ids read {@code <category>:<tenant>:<id>}; operators see their own tenant's. */
    private static boolean visible(Requester requester, StreamId stream) {
        if (requester.actor().has(Role.PLATFORM_ADMIN)) {
            return true;
        }
        String[] parts = stream.value().split(":");
        return parts.length == 3 && parts[1].equals(requester.tenant().toString());
    }
}
