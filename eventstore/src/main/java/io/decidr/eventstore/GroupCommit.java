package io.decidr.eventstore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Appends that arrive together commit together: while {@code maxInFlight} statements are running, new appends wait,
 * and the next statement takes all that waited (up to {@code maxBatch}) through {@link EventStore#appendAll}.
 * One commit (one WAL flush) then serves many commands, which is what lets concurrent commands outrun one insert per
 * transaction.
 *
 * <ul>
 *   <li>Alone, an append goes at once: nothing waits for company, so a lone command pays no added latency.</li>
 *   <li>Each append is answered exactly as {@link EventStore#append} would answer it alone: its own version
 *       check, its own command-id idempotency, its own conflict.</li>
 *   <li>Two appends to one stream never share a statement (each would be checked against the version before it);
 *       the second waits for the next one.</li>
 *   <li>A statement whose outcome is unknown (e.g. its connection was lost) fails each of its appends, as a single
 *       append would fail.</li>
 * </ul>
 */
public final class GroupCommit {

    private final EventStore store;
    private final int maxInFlight;
    private final int maxBatch;
    /** Guarded by {@code this}. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** Guarded by {@code this}. */
    private int inFlight;

    public GroupCommit(EventStore store, int maxInFlight, int maxBatch) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxInFlight < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxInFlight and maxBatch must be positive");
        }
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
    }

    /** Appends the request with whatever else is waiting; see {@link EventStore#append}. */
    public Mono<AppendResult> append(AppendRequest request) {
        return Mono.<AppendResult>create(sink -> {
            synchronized (this) {
                waiting.add(new Waiting(request, sink));
            }
            drain();
        });
    }

    /** Appends waiting and statements running, for metrics and tests. */
    public synchronized int[] load() {
        return new int[] {waiting.size(), inFlight};
    }

    private void drain() {
        while (true) {
            List<Waiting> batch;
            synchronized (this) {
                if (inFlight >= maxInFlight || waiting.isEmpty()) {
                    return;
                }
                batch = take();
                inFlight++;
            }
            send(batch);
        }
    }

    /** Up to maxBatch waiting appends, at most one per stream, in arrival order. */
    private List<Waiting> take() {
        List<Waiting> batch = new ArrayList<>();
        Set<StreamId> streams = new HashSet<>();
        Iterator<Waiting> next = waiting.iterator();
        while (next.hasNext() && batch.size() < maxBatch) {
            Waiting candidate = next.next();
            if (streams.add(candidate.request().stream())) {
                batch.add(candidate);
                next.remove();
            }
        }
        return batch;
    }

    private void send(List<Waiting> batch) {
        store.appendAll(batch.stream().map(Waiting::request).toList())
                .subscribe(answers -> {
                    finished();
                    // the next statement starts before these callers carry on with what follows their append
                    drain();
                    for (int i = 0; i < batch.size(); i++) {
                        AppendAnswer answer = answers.get(i);
                        if (answer.failure() == null) {
                            batch.get(i).sink().success(answer.result());
                        } else {
                            batch.get(i).sink().error(answer.failure());
                        }
                    }
                }, failure -> {
                    finished();
                    drain();
                    batch.forEach(waiting -> waiting.sink().error(failure));
                });
    }

    private synchronized void finished() {
        inFlight--;
    }

    private record Waiting(AppendRequest request, MonoSink<AppendResult> sink) {
    }
}
