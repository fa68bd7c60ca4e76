package io.decidr.workflows.job;

import io.temporal.activity.Activity;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Activities for workflow tests (chunk {@code i} starts at position {@code "i"}): {@code chunks} chunks of {@code perChunk} items each, a chunk that fails the job at a
 * given number, one that throws on every attempt, a compensation that throws, and a chunk that heartbeats until
 * cancelled (to cancel mid-job). Records every call (each attempt of a retried one).
 */
final class ScriptedJobActivities implements JobActivities {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<JobCounters> reported = new CopyOnWriteArrayList<>();
    private final int chunks;
    private final int perChunk;
    volatile int failAt = -1;
    volatile int holdAt = -1;
    /** A chunk that throws on every attempt, as a bug or a dependency gone for good would. */
    volatile int brokenAt = -1;
    volatile boolean compensationBroken;
    final CountDownLatch held = new CountDownLatch(1);

    ScriptedJobActivities(int chunks, int perChunk) {
        this.chunks = chunks;
        this.perChunk = perChunk;
    }

    @Override
    public long begin(JobInput job) {
        calls.add("begin");
        return (long) chunks * perChunk;
    }

    @Override
    public ChunkPlan plan(JobInput job, String from, int count) {
        int first = from == null ? 0 : Integer.parseInt(from);
        java.util.List<String> starts = new java.util.ArrayList<>();
        int chunk = first;
        for (; chunk < chunks && chunk < first + count; chunk++) {
            starts.add(Integer.toString(chunk));
        }
        return new ChunkPlan(starts, chunk < chunks ? Integer.toString(chunk) : null, false);
    }

    @Override
    public ChunkResult process(JobInput job, String from) {
        int chunk = from == null ? 0 : Integer.parseInt(from);
        calls.add("process " + chunk);
        if (holdAt >= 0 && chunk >= holdAt) {
            // like a real chunk: heartbeats after each item, and learns of a cancel from its heartbeat; the chunks
            // running beside it hold too, so that no chunk is completing when the cancel comes (the test server
            // refuses to cancel an activity that is completing, and the run then stalls)
            if (chunk == holdAt) {
                held.countDown();
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until) {
                Activity.getExecutionContext().heartbeat(chunk);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        if (chunk == brokenAt) {
            throw new IllegalStateException("com.datastax.oss.driver: no node was available for chunk " + chunk);
        }
        if (chunk == failAt) {
            return new ChunkResult(null, 1, 0, 0, 0, "row 7: bad", "row 7: bad");
        }
        String next = chunk + 1 < chunks ? Integer.toString(chunk + 1) : null;
        return new ChunkResult(next, perChunk, perChunk, 0, 0, null, null);
    }

    @Override
    public void progress(JobInput job, JobCounters counters) {
        calls.add("progress");
        reported.add(counters);
    }

    @Override
    public void complete(JobInput job, JobCounters counters) {
        calls.add("complete");
        reported.add(counters);
    }

    @Override
    public void fail(JobInput job, String error) {
        calls.add("fail " + error);
    }

    @Override
    public long compensate(JobInput job) {
        calls.add("compensate");
        if (compensationBroken) {
            throw new IllegalStateException("connection refused");
        }
        return 3;
    }

    @Override
    public void cancelled(JobInput job, long restored, boolean compensated) {
        calls.add("cancelled " + restored + " " + compensated);
    }
}
