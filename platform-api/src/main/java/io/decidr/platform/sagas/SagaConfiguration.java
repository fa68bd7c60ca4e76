package io.decidr.platform.sagas;

import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.command.CommandBus;
import io.decidr.eventstore.handlers.CollectionHandler;
import io.decidr.eventstore.handlers.EntityHandler;
import io.decidr.eventstore.handlers.TenantHandler;
import io.decidr.workflows.archive.ArchiveCollectionActivitiesImpl;
import io.decidr.workflows.link.LinkActivitiesImpl;
import io.decidr.workflows.onboarding.OnboardingActivitiesImpl;
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

    // --- onboarding and archive-collection sagas ---

    @Bean
    OnboardingActivitiesImpl onboardingActivities(TenantHandler tenants, CollectionHandler collections) {
        return new OnboardingActivitiesImpl(tenants, collections);
    }

    @Bean
    ArchiveCollectionActivitiesImpl archiveCollectionActivities(EntityHandler entities, CollectionHandler collections,
            PostgresEventStore store) {
        return new ArchiveCollectionActivitiesImpl(entities, collections, store);
    }

    @Bean
    OnboardingSagas onboardingSagas(WorkflowClient client, @Value("${decidr.sagas.wait:30s}") Duration wait) {
        return new OnboardingSagas(client, wait);
    }

    @Bean
    CollectionSagas collectionSagas(WorkflowClient client, CollectionHandler collections, CommandBus bus,
            @Value("${decidr.sagas.wait:30s}") Duration wait) {
        return new CollectionSagas(client, collections, bus, wait);
    }
}
