package io.decidr.platform.config;

import io.decidr.workflows.SearchAttributeRegistration;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.autoconfigure.properties.TemporalProperties;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * Temporal, on top of what the starter builds from {@code spring.temporal.*} (service stubs to
 * {@code connection.target}, the client for {@code namespace}, one worker per entry of {@code workers}): the
 * search attributes registered at start-up, and the {@code worker} role that starts the workers.
 */
@Configuration(proxyBeanMethods = false)
public class TemporalConfiguration {

    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Registers our search attributes on the namespace, in every process: the api role starts workflows with them
     * too. Never fails the start-up; what the server answered is logged (and kept here).
     */
    @Bean
    RegisteredSearchAttributes registeredSearchAttributes(WorkflowServiceStubs service, TemporalProperties temporal) {
        return new RegisteredSearchAttributes(SearchAttributeRegistration.register(service, temporal.getNamespace(),
                WorkflowSearchAttributes.ALL, REGISTRATION_TIMEOUT));
    }

    /**
     * The starter creates the workers in its "temporalWorkers" bean; the role checks every queue has one. It
     * takes the registered search attributes only to start after them: workflows set them.
     */
    @Bean
    @DependsOn("temporalWorkers")
    WorkerRole workerRole(WorkerFactory workerFactory, WorkerRoleProperties role, TemporalProperties temporal,
                          RegisteredSearchAttributes searchAttributes) {
        String server = temporal.getTestServer() != null && Boolean.TRUE.equals(temporal.getTestServer().getEnabled())
                ? "the in-process test server"
                : temporal.getConnection().getTarget();
        return new WorkerRole(workerFactory, server + " (namespace " + temporal.getNamespace() + ")",
                TaskQueues.ALL, role.enabled());
    }

    /** Health {@code temporal} (in the readiness group). */
    @Bean
    TemporalHealthIndicator temporalHealthIndicator(WorkflowServiceStubs service, TemporalProperties temporal) {
        String target = temporal.getTestServer() != null && Boolean.TRUE.equals(temporal.getTestServer().getEnabled())
                ? "the in-process test server"
                : temporal.getConnection().getTarget();
        return new TemporalHealthIndicator(service, target);
    }

    /** What the server answered when the app registered the search attributes at start-up. */
    public record RegisteredSearchAttributes(List<SearchAttributeRegistration.Outcome> outcomes) {
    }
}
