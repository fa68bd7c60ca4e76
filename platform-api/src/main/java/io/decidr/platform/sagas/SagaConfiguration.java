package io.decidr.platform.sagas;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.CommandLedger;
import io.decidr.eventstore.EventLog;
import io.decidr.workflows.archive.ArchiveClient;
import io.decidr.workflows.archive.ArchiveCollectionActivitiesImpl;
import io.decidr.workflows.link.LinkActivitiesImpl;
import io.decidr.workflows.link.LinkClient;
import io.decidr.workflows.onboarding.OnboardingActivitiesImpl;
import io.decidr.workflows.onboarding.OnboardingClient;
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
    LinkClient linkClient(WorkflowClient client, @Value("${decidr.sagas.wait:30s}") Duration wait) {
        return new LinkClient(client, wait);
    }

    // --- onboarding and archive-collection sagas ---

    @Bean
    OnboardingActivitiesImpl onboardingActivities(TenantHandler tenants, CollectionHandler collections) {
        return new OnboardingActivitiesImpl(tenants, collections);
    }

    @Bean
    ArchiveCollectionActivitiesImpl archiveCollectionActivities(EntityHandler entities, CollectionHandler collections,
            CollectionMembership members, CommandLedger ledger, EventLog events) {
        return new ArchiveCollectionActivitiesImpl(entities, collections, members, ledger, events);
    }

    @Bean
    OnboardingClient onboardingClient(WorkflowClient client, @Value("${decidr.sagas.wait:30s}") Duration wait) {
        return new OnboardingClient(client, wait);
    }

    @Bean
    ArchiveClient archiveClient(WorkflowClient client, CollectionHandler collections, CommandBus bus,
            @Value("${decidr.sagas.wait:30s}") Duration wait) {
        return new ArchiveClient(client, collections, bus, wait);
    }
}
