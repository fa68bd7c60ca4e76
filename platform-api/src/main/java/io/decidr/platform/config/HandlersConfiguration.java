package io.decidr.platform.config;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.CommentHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.JobHandler;
import io.decidr.application.handlers.TenantGate;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.audit.AuditTrail;
import io.decidr.eventstore.audit.SubjectExport;
import io.decidr.eventstore.audit.TimeTravel;
import io.decidr.eventstore.personal.PersonalKeys;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command handlers the API and the workflows' activities send commands through. */
@Configuration(proxyBeanMethods = false)
public class HandlersConfiguration {

    /** Wired once, the one way they depend on each other; each is a bean of its own for its users. */
    @Bean
    Handlers handlers(CommandBus bus) {
        return Handlers.over(bus);
    }

    @Bean
    TenantGate tenantGate(Handlers handlers) {
        return handlers.gate();
    }

    @Bean
    TenantHandler tenantHandler(Handlers handlers) {
        return handlers.tenants();
    }

    @Bean
    CollectionHandler collectionHandler(Handlers handlers) {
        return handlers.collections();
    }

    @Bean
    EntityHandler entityHandler(Handlers handlers) {
        return handlers.entities();
    }

    @Bean
    JobHandler jobHandler(Handlers handlers) {
        return handlers.jobs();
    }

    @Bean
    CommentHandler commentHandler(Handlers handlers) {
        return handlers.comments();
    }

    @Bean
    AuditTrail auditTrail(PostgresEventStore store) {
        return new AuditTrail(store);
    }

    @Bean
    SubjectExport subjectExport(PostgresEventStore store, ConnectionFactory connectionFactory, PersonalKeys personalKeys) {
        return new SubjectExport(store, connectionFactory, personalKeys);
    }

    @Bean
    TimeTravel timeTravel(PostgresEventStore store, PersonalKeys personalKeys) {
        return new TimeTravel(store, personalKeys);
    }
}
