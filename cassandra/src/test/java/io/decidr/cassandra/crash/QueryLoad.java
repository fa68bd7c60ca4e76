package io.decidr.cassandra.crash;

import io.decidr.cassandra.readmodel.Page;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.readmodel.Views.CollectionView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The production read-model queries asked over and over on a thread of their own, as the API asks them while the
 * projectors write: for each tenant its row, its collections, a page of each collection's entities and the first of
 * them, and a page of its jobs. Every answer (an empty one too) and every failure is recorded with the time it came.
 */
final class QueryLoad implements AutoCloseable {

    /** Longer than the driver's own timeout: a query that fails does so through the driver. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    /** Between two rounds over all tenants: the queries keep the read side busy, not the machine's two cores. */
    private static final Duration PAUSE = Duration.ofMillis(100);
    private static final int PAGE = 20;

    /**
     * One query asked.
     *
     * @param atNanos when it answered or failed, on {@link System#nanoTime()}'s clock
     * @param failure null when it answered
     */
    record Outcome(String query, long atNanos, long millis, Throwable failure) {

        boolean answered() {
            return failure == null;
        }

        boolean between(long fromNanos, long toNanos) {
            return atNanos - fromNanos >= 0 && toNanos - atNanos >= 0;
        }
    }

    private final ReadModelQueries queries;
    private final List<UUID> tenants;
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    private final Thread thread;

    private QueryLoad(ReadModelQueries queries, List<UUID> tenants) {
        this.queries = queries;
        this.tenants = List.copyOf(tenants);
        this.thread = Thread.ofPlatform().name("query-load").daemon().unstarted(this::run);
    }

    /** Starts asking; the queries' statements must be prepared already (the constructor of {@link ReadModelQueries}). */
    static QueryLoad start(ReadModelQueries queries, List<UUID> tenants) {
        QueryLoad load = new QueryLoad(queries, tenants);
        load.thread.start();
        return load;
    }

    /** How many times every tenant's queries were asked. */
    long rounds() {
        return rounds.get();
    }

    /** Stops asking once the query under way has its outcome; answers everything asked, in the order it came. */
    List<Outcome> stop() {
        stopping.set(true);
        try {
            thread.join(QUERY_TIMEOUT.plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(outcomes);
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        while (!stopping.get()) {
            for (UUID tenant : tenants) {
                ask("tenant", () -> queries.tenants().tenant(tenant));
                for (CollectionView collection : ask("collections", () -> queries.collections().collections(tenant))
                        .orElse(List.of())) {
                    ask("entities", () -> queries.entities().entities(tenant, collection.id(), Map.of(), false, PAGE, null))
                            .flatMap(page -> page.items().stream().findFirst())
                            .ifPresent(first -> ask("entity", () -> queries.entities().entity(tenant, first.id())));
                }
                ask("jobs", () -> queries.jobs().jobs(tenant, null, PAGE, null).map(Page::items));
            }
            rounds.incrementAndGet();
            LockSupport.parkNanos(PAUSE.toNanos());
        }
    }

    private <T> Optional<T> ask(String query, Supplier<Mono<T>> call) {
        if (stopping.get()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        try {
            Optional<T> answer = call.get().blockOptional(QUERY_TIMEOUT);
            outcomes.add(new Outcome(query, System.nanoTime(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    null));
            return answer;
        } catch (RuntimeException e) {
            // recorded, and the test fails on it: a query that does not answer is what this load looks for
            outcomes.add(new Outcome(query, System.nanoTime(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    e));
            return Optional.empty();
        }
    }
}
