package io.decidr.devservices.temporal;

import io.decidr.devservices.process.ReadinessProbe;
import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * A Temporal server serves once it answers the workflow service's gRPC health check as SERVING, not merely once its
 * port accepts connections. Both Temporal servers are asked so.
 */
final class HealthCheckProbe implements ReadinessProbe {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private final String target;
    private final WorkflowServiceStubs probe;

    HealthCheckProbe(String target) {
        this.target = target;
        this.probe = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .setRpcTimeout(ATTEMPT_TIMEOUT)
                .validateAndBuildWithDefaults());
    }

    @Override
    public String awaited() {
        return "answer health checks on " + target;
    }

    @Override
    public Optional<String> check() {
        HealthCheckResponse.ServingStatus status = probe.healthCheck().getStatus();
        return status == HealthCheckResponse.ServingStatus.SERVING ? Optional.of(status.name()) : Optional.empty();
    }

    @Override
    public void close() {
        probe.shutdownNow();
    }
}
