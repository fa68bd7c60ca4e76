package io.decidr.workflows.devserver;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits until a starting server answers the workflow service's gRPC health check as SERVING, not merely until its
 * port accepts connections.
 */
final class HealthCheckReadiness {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private HealthCheckReadiness() {
    }

    /** The outcome of waiting. */
    sealed interface Outcome permits Ready, Exited, TimedOut {
    }

    record Ready() implements Outcome {
    }

    record Exited(int exitCode) implements Outcome {
    }

    record TimedOut(Optional<StatusRuntimeException> lastProbeFailure) implements Outcome {
    }

    static Outcome await(Process server, String target, Instant deadline) throws InterruptedException {
        WorkflowServiceStubs probe = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .setRpcTimeout(ATTEMPT_TIMEOUT)
                .validateAndBuildWithDefaults());
        try {
            StatusRuntimeException lastFailure = null;
            while (Instant.now().isBefore(deadline)) {
                if (!server.isAlive()) {
                    return new Exited(server.exitValue());
                }
                try {
                    if (probe.healthCheck().getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                        return new Ready();
                    }
                } catch (StatusRuntimeException e) {
                    lastFailure = e;
                }
                // wait for the next poll, or for the server to die, whichever comes first
                try {
                    server.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // still running: poll again
                }
            }
            return server.isAlive() ? new TimedOut(Optional.ofNullable(lastFailure)) : new Exited(server.exitValue());
        } finally {
            probe.shutdownNow();
        }
    }
}
