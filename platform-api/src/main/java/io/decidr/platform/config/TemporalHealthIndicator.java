package io.decidr.platform.config;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Health {@code temporal}: the frontend answers a cheap call ({@code GetSystemInfo}) within {@link #TIMEOUT}. Part of
 * the readiness group, like PostgreSQL and Cassandra: a process that cannot reach Temporal cannot start a link saga or
 * a job, nor run one.
 */
public final class TemporalHealthIndicator implements ReactiveHealthIndicator {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final WorkflowServiceStubs service;
    private final String target;

    public TemporalHealthIndicator(WorkflowServiceStubs service, String target) {
        this.service = service;
        this.target = target;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromCallable(() -> {
                    var info = service.blockingStub().withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
                    return Health.up().withDetail("target", target)
                            .withDetail("serverVersion", info.getServerVersion()).build();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("target", target)
                        .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build()));
    }
}
