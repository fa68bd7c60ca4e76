package io.decidr.platform.config;

import io.grpc.StatusRuntimeException;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the Temporal workers with the application (when the role is on) and stops them before it goes down.
 * The starter creates one worker per task queue from {@code spring.temporal.workers} but never starts them
 * itself ({@code spring.temporal.start-workers: false}): this role does.
 */
public final class WorkerRole implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRole.class);
    /** In-flight activities are short CommandBus calls; long jobs resume from their heartbeat on another worker. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final WorkerFactory workers;
    private final String server;
    private final List<String> taskQueues;
    private final boolean enabled;
    private volatile boolean running;

    /**
     * @param server what the workers connect to, for messages: target and namespace
     * @throws IllegalStateException if the factory has no worker for one of the task queues (a queue missing
     *                               from {@code spring.temporal.workers})
     */
    public WorkerRole(WorkerFactory workers, String server, List<String> taskQueues, boolean enabled) {
        List<String> missing = taskQueues.stream().filter(queue -> workers.tryGetWorker(queue) == null).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No Temporal worker for the task queues " + missing
                    + ": list each under spring.temporal.workers (task-queue)");
        }
        this.workers = workers;
        this.server = server;
        this.taskQueues = List.copyOf(taskQueues);
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public List<String> taskQueues() {
        return taskQueues;
    }

    @Override
    public void start() {
        if (enabled) {
            try {
                workers.start();
            } catch (StatusRuntimeException e) {
                // the factory asks the server for the namespace first, to fail fast on a wrong configuration
                throw new IllegalStateException("Cannot start the Temporal workers: " + server + " answered "
                        + e.getStatus().getCode() + " (" + e.getStatus().getDescription() + "). Is the server "
                        + "running (spring.temporal.connection.target) and does the namespace exist "
                        + "(spring.temporal.namespace)? A process without the worker role needs neither: "
                        + "decidr.roles.worker.enabled=false.", e);
            }
            LOG.info("Worker role on: polling the Temporal task queues {}", taskQueues);
        } else {
            LOG.info("Worker role off (decidr.roles.worker.enabled=false): not polling {}", taskQueues);
        }
        running = true;
    }

    @Override
    public void stop() {
        if (enabled && workers.isStarted()) {
            long started = System.nanoTime();
            workers.shutdown();
            workers.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            // awaitTermination says nothing about how it ended, and isTerminated() stays false for a worker that
            // never polled (a queue without types yet): the time it took is what tells
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(SHUTDOWN_GRACE) >= 0) {
                LOG.warn("Temporal workers still busy after {}; interrupting them", SHUTDOWN_GRACE);
                workers.shutdownNow();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
