package io.decidr.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop of N clients: each runs its operation, waits for it, and runs the next; after a warm-up, what
 * completes within the measured window is counted. Each client is a thread of its own that blocks on its operation,
 * as a caller of the platform would.
 */
public final class ClosedLoop {

    /** One operation of client {@code client}; {@code sequence} counts that client's operations from 0. */
    @FunctionalInterface
    public interface Operation {
        void run(int client, long sequence) throws Exception;
    }

    private final CpuMeter cpu;

    public ClosedLoop(CpuMeter cpu) {
        this.cpu = cpu;
    }

    public Measured run(int clients, Duration warmUp, Duration window, Operation operation) {
        return drive(clients, 0, warmUp, window, operation);
    }

    /**
     * The same clients offering {@code perSecond} operations in all, evenly spaced: each operation has its planned
     * start, and its latency counts from then (a client that falls behind has its wait counted too).
     */
    public Measured paced(int clients, double perSecond, Duration warmUp, Duration window, Operation operation) {
        return drive(clients, perSecond, warmUp, window, operation);
    }

    private Measured drive(int clients, double perSecond, Duration warmUp, Duration window, Operation operation) {
        long origin = System.nanoTime();
        AtomicReference<String> phase = new AtomicReference<>("warm-up");
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Latencies all = new Latencies();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name("bench-client-" + c).daemon().start(() -> {
                Latencies mine = new Latencies();
                long sequence = 0;
                while (!"stop".equals(phase.get())) {
                    long started = System.nanoTime();
                    if (perSecond > 0) {
                        long planned = origin + (long) ((sequence * clients + client) * 1e9 / perSecond);
                        while (System.nanoTime() < planned && !"stop".equals(phase.get())) {
                            java.util.concurrent.locks.LockSupport.parkNanos(planned - System.nanoTime());
                        }
                        started = planned;
                    }
                    boolean failed = false;
                    try {
                        operation.run(client, sequence++);
                    } catch (Exception | AssertionError e) {
                        failed = true;
                        if ("measure".equals(phase.get())) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                    long took = System.nanoTime() - started;
                    if (!failed && "measure".equals(phase.get())) {
                        mine.record(took);
                    }
                }
                all.add(mine);
            }));
        }
        sleep(warmUp);
        CpuMeter.Reading before = cpu.read();
        long start = System.nanoTime();
        phase.set("measure");
        sleep(window);
        phase.set("stop");
        long end = System.nanoTime();
        CpuMeter.Reading after = cpu.read();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // operations that were in flight at the end count if they completed: a small overrun, the same for every run
        return new Measured(all.count(), (end - start) / 1e9, all, errors.get(), firstError.get(), CpuMeter.between(before, after));
    }

    /** Runs {@code work} once (e.g. a job of a known size) and reports it as {@code items} operations. */
    public Measured once(long items, Runnable work) {
        CpuMeter.Reading before = cpu.read();
        long start = System.nanoTime();
        Latencies latencies = new Latencies();
        String error = null;
        try {
            work.run();
        } catch (RuntimeException | AssertionError e) {
            error = e.toString();
        }
        long took = System.nanoTime() - start;
        latencies.record(took);
        CpuMeter.Reading after = cpu.read();
        return new Measured(error == null ? items : 0, took / 1e9, latencies, error == null ? 0 : 1, error,
                CpuMeter.between(before, after));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
