package io.decidr.platform.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.feed.Notices;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ProjectionGeneration;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An operator's retry or skip of parked events, and a platform admin's rebuild, done by the process that runs the
 * projector whichever process's API receives them: only a projector's runner may change what it holds back or start a
 * generation, and in production the API and the projectors run in different pods. The request goes out on PostgreSQL's {@value EventNotifications#PROJECTOR_REQUESTS_CHANNEL}
 * channel; every process hears it, the one that runs the projector does it and answers on
 * {@value EventNotifications#PROJECTOR_REPLIES_CHANNEL}. Without an answer in time (no process runs the projector now,
 * or a notice was lost) the caller is told so ({@link Unanswered}); retrying and skipping are safe to repeat, a
 * second rebuild is refused while one runs.
 */
public final class ProjectorOperations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectorOperations.class);

    /** No process answered for the projector within the wait. */
    public static final class Unanswered extends RuntimeException {
        Unanswered(String projector, Duration wait) {
            super("no process running projector " + projector + " answered within " + wait.toSeconds()
                    + " s (projectors { running runningIn } tells whether one runs it); try again");
        }
    }

    enum Action { RETRY, SKIP, REBUILD }

    /** What one process asks the runner of a projector. */
    record Request(UUID id, String projector, Action action, String stream, UUID event) {
    }

    /**
     * The runner's answer: events retried (RETRY), 1 if the event was skipped (SKIP), the new generation (REBUILD);
     * or the code and message of its refusal.
     */
    record Reply(UUID id, long value, String code, String message) {
    }

    private final ProjectorRole projectors;
    private final EventNotifications notifications;
    private final Notices notices;
    private final Duration wait;
    private final ObjectMapper json = new ObjectMapper();
    private final Disposable serving;

    /** @param wait how long a request waits for the runner's answer */
    public ProjectorOperations(ProjectorRole projectors, EventNotifications notifications, Notices notices, Duration wait) {
        this.projectors = projectors;
        this.notifications = notifications;
        this.notices = notices;
        this.wait = wait;
        this.serving = notifications.projectorRequests()
                .mapNotNull(payload -> read(payload, Request.class))
                .filter(request -> projectors.named(request.projector()).map(ManagedProjector::runsHere).orElse(false))
                .flatMap(this::answer)
                .subscribe();
    }

    public Mono<Integer> retry(String projector, StreamId stream) {
        return Mono.defer(() -> {
            ManagedProjector managed = named(projector);
            return managed.runsHere() ? managed.retry(stream)
                    : forward(new Request(UUID.randomUUID(), projector, Action.RETRY, stream.value(), null))
                            .map(reply -> (int) reply.value());
        });
    }

    public Mono<Boolean> skip(String projector, StreamId stream, UUID event) {
        return Mono.defer(() -> {
            ManagedProjector managed = named(projector);
            return managed.runsHere() ? managed.skip(stream, event)
                    : forward(new Request(UUID.randomUUID(), projector, Action.SKIP, stream.value(), event))
                            .map(reply -> reply.value() == 1);
        });
    }

    /** Starts a rebuild where the projector runs; answers the new generation as recorded when its replay starts. */
    public Mono<ProjectionGeneration> rebuild(String projector) {
        return Mono.defer(() -> {
            ManagedProjector managed = named(projector);
            return managed.runsHere() ? rebuildHere(managed)
                    : forward(new Request(UUID.randomUUID(), projector, Action.REBUILD, null, null))
                            .flatMap(reply -> managed.history().filter(g -> g.generation() == reply.value()).next());
        });
    }

    private static Mono<ProjectionGeneration> rebuildHere(ManagedProjector managed) {
        return managed.rebuild().onErrorMap(IllegalStateException.class, e -> Rejection.invalidState(e.getMessage()));
    }

    private ManagedProjector named(String projector) {
        return projectors.named(projector).orElseThrow(() -> Rejection.notFound("there is no projector " + projector));
    }

    private Mono<Reply> forward(Request request) {
        Flux<Reply> answers = notifications.projectorReplies()
                .mapNotNull(payload -> read(payload, Reply.class))
                .filter(reply -> reply.id().equals(request.id()));
        // listening first (merge subscribes in order), so that a quick answer is never missed
        return Flux.merge(answers, notices.send(EventNotifications.PROJECTOR_REQUESTS_CHANNEL, write(request))
                        .thenMany(Flux.<Reply>empty()))
                .next()
                .timeout(wait, Mono.error(() -> new Unanswered(request.projector(), wait)))
                .map(reply -> {
                    if (reply.code() != null) {
                        throw "INTERNAL".equals(reply.code()) ? new IllegalStateException(reply.message())
                                : new Rejection(RejectionCode.valueOf(reply.code()), null, reply.message());
                    }
                    return reply;
                });
    }

    /** Does what the request asks of a projector running here, and answers (a refusal too). */
    private Mono<Void> answer(Request request) {
        ManagedProjector managed = named(request.projector());
        Mono<Long> done = Mono.defer(() -> switch (request.action()) {
            case RETRY -> managed.retry(new StreamId(request.stream())).map(Integer::longValue);
            case SKIP -> managed.skip(new StreamId(request.stream()), request.event()).map(skipped -> skipped ? 1L : 0L);
            case REBUILD -> rebuildHere(managed).map(generation -> (long) generation.generation());
        });
        return done.map(value -> new Reply(request.id(), value, null, null))
                .onErrorResume(Rejection.class, refused -> Mono.just(
                        new Reply(request.id(), 0, refused.code().name(), refused.getMessage())))
                .onErrorResume(failed -> {
                    UUID incident = UUID.randomUUID();
                    log.error("projector {} could not {} for another process (incident {})", request.projector(),
                            request.action(), incident, failed);
                    return Mono.just(new Reply(request.id(), 0, "INTERNAL", "projector " + request.projector()
                            + " could not do it; incident " + incident));
                })
                .flatMap(reply -> notices.send(EventNotifications.PROJECTOR_REPLIES_CHANNEL, write(reply)))
                .onErrorResume(unsent -> {
                    log.warn("could not answer a request for projector {}: {}", request.projector(), unsent.toString());
                    return Mono.empty();
                });
    }

    private <T> T read(String payload, Class<T> type) {
        try {
            return json.readValue(payload, type);
        } catch (JsonProcessingException malformed) {
            log.warn("ignored a malformed projector notice: {}", payload);
            return null;
        }
    }

    private String write(Object notice) {
        try {
            return json.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a projector notice is not serializable", e);
        }
    }

    @Override
    public void close() {
        serving.dispose();
    }
}
