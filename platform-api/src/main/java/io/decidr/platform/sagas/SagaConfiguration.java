package io.decidr.platform.sagas;

import io.decidr.eventstore.handlers.EntityHandler;
import io.decidr.workflows.link.LinkActivitiesImpl;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sagas' activities (Spring beans that {@code spring.temporal.workers[].activity-beans} names) and the clients the
 * mutations start them with.
 */
@Configuration(proxyBeanMethods = false)
public class SagaConfiguration {

    @Bean
    LinkActivitiesImpl linkActivities(EntityHandler entities) {
        return new LinkActivitiesImpl(entities);
    }

    @Bean
    LinkSagas linkSagas(WorkflowClient client, @Value("${decidr.sagas.wait:30s}") Duration wait) {
        return new LinkSagas(client, wait);
    }
}
