package io.decidr.platform.config;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.CommentHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.JobHandler;
import io.decidr.application.handlers.TenantGate;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.audit.AuditTrail;
import io.decidr.eventstore.audit.TimeTravel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command handlers the API (and later the workflow activities) send commands through. */
@Configuration(proxyBeanMethods = false)
public class HandlersConfiguration {

    @Bean
    TenantGate tenantGate(CommandBus bus) {
        return new TenantGate(bus);
    }

    @Bean
    TenantHandler tenantHandler(CommandBus bus) {
        return new TenantHandler(bus);
    }

    @Bean
    CollectionHandler collectionHandler(CommandBus bus, TenantGate tenants) {
        return new CollectionHandler(bus, tenants);
    }

    @Bean
    EntityHandler entityHandler(CommandBus bus, TenantGate tenants, CollectionHandler collections) {
        return new EntityHandler(bus, tenants, collections);
    }

    @Bean
    JobHandler jobHandler(CommandBus bus, TenantGate tenants) {
        return new JobHandler(bus, tenants);
    }

    @Bean
    CommentHandler commentHandler(CommandBus bus, TenantGate tenants) {
        return new CommentHandler(bus, tenants);
    }

    @Bean
    AuditTrail auditTrail(PostgresEventStore store) {
        return new AuditTrail(store);
    }

    @Bean
    TimeTravel timeTravel(PostgresEventStore store) {
        return new TimeTravel(store);
    }
}
