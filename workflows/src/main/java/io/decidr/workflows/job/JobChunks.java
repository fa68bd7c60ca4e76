package io.decidr.workflows.job;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.upload.UploadStore;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What every kind of job uses to work through a chunk: the command handlers, and the loop that sends a chunk's items a
 * window at a time (their appends share statements and commits: the bus's group commit), counts their outcomes,
 * heartbeats after each window and, on a retry, resumes at the window the last attempt was in (whose commands then
 * answer as duplicates). Activities run on the worker's threads and may block.
 */
final class JobChunks {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Items of a chunk whose commands are sent at once. */
    static final int WINDOW = 200;

    final EntityHandler entities;
    final CollectionHandler collections;
    final CollectionMembership members;
    final UploadStore uploads;
    private final JobObserver observer;
    private final long nanosPerItem;
    /** Items sent at once: {@link #WINDOW}, fewer for a paced job. */
    private final int window;
    /** When each job's next item may start, shared by its chunks running side by side (pacing). */
    private final Cache<UUID, AtomicLong> nextSlot = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    /**
     * @param maxItemsPerSecond how fast one job may go (0: as fast as it can), to keep a big job from crowding out
     *                          users' own commands
     */
    JobChunks(EntityHandler entities, CollectionHandler collections, CollectionMembership members, UploadStore uploads,
            int maxItemsPerSecond, JobObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.entities = Objects.requireNonNull(entities, "entities");
        this.collections = Objects.requireNonNull(collections, "collections");
        this.members = Objects.requireNonNull(members, "members");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.nanosPerItem = maxItemsPerSecond <= 0 ? 0 : 1_000_000_000L / maxItemsPerSecond;
        // a paced job sends about 100 ms of its items at a time: smooth, and no burst of a whole window after a restart
        this.window = nanosPerItem == 0 ? WINDOW
                : (int) Math.max(1, Math.min(WINDOW, Duration.ofMillis(100).toNanos() / nanosPerItem));
    }

    /** What a job does when an item is refused and the job must stop there (an import with {@code onError: FAIL}). */
    interface Stop {
        /** Takes back the items after {@code refused} up to {@code windowEnd} (excluded), which were sent with it. */
        void after(int refused, int windowEnd);
    }

    /**
     * Works through items {@code first} to {@code end} (excluded), or from where the last attempt's heartbeat says.
     *
     * @param next where the chunk after this one starts (null: none)
     * @param stop null when refused items are skipped (counted, the last reason kept); else the job stops at the first
     */
    ChunkResult run(JobInput job, ActivityExecutionContext context, int first, int end, String next,
            IntFunction<Mono<ItemOutcome>> item, Stop stop) {
        Tally tally = new Tally(context.getHeartbeatDetails(ChunkProgress.class).orElse(ChunkProgress.at(first)));
        for (int start = tally.next; start < end; start += window) {
            int windowEnd = Math.min(end, start + window);
            pace(job, windowEnd - start);
            List<ItemOutcome> outcomes = Flux.range(start, windowEnd - start)
                    .flatMapSequential(item::apply, WINDOW)
                    .collectList()
                    .block(COMMAND_TIMEOUT);
            long created = 0;
            long updated = 0;
            long unchanged = 0;
            long refusedItems = 0;
            for (int i = start; i < windowEnd; i++) {
                tally.processed++;
                switch (outcomes.get(i - start)) {
                    case ItemOutcome.Created c -> {
                        tally.created++;
                        created++;
                    }
                    case ItemOutcome.Updated u -> {
                        tally.updated++;
                        updated++;
                    }
                    case ItemOutcome.Unchanged u -> unchanged++;
                    case ItemOutcome.Refused refused when stop != null -> {
                        stop.after(i + 1, windowEnd);
                        observer.items(job.kind(), created, updated, unchanged, refusedItems + 1);
                        return new ChunkResult(null, tally.processed, tally.created, tally.updated, tally.skipped,
                                refused.why(), refused.why());
                    }
                    case ItemOutcome.Refused refused -> {
                        tally.skipped++;
                        tally.lastError = refused.why();
                        refusedItems++;
                    }
                }
            }
            observer.items(job.kind(), created, updated, unchanged, refusedItems);
            context.heartbeat(tally.at(windowEnd));
        }
        return new ChunkResult(next, tally.processed, tally.created, tally.updated, tally.skipped, tally.lastError, null);
    }

    /** The job's collection's schema as it is now. */
    CollectionSchema schema(JobInput job) {
        return block(collections.existing(job.requester(), job.collection())).schema();
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

    static <T> T block(Mono<T> mono) {
        return mono.block(COMMAND_TIMEOUT);
    }

    /** A chunk's counts from where its last attempt got to (its last heartbeat), or from its first item. */
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
