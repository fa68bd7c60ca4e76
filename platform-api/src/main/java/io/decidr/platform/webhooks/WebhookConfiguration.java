package io.decidr.platform.webhooks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decidr.application.handlers.TenantGate;
import io.decidr.domain.access.CommandContext;
import io.decidr.messaging.outbox.PersonalPayloads;
import io.decidr.messaging.webhooks.EndpointPolicy;
import io.decidr.messaging.webhooks.WebhookAdmin;
import io.decidr.messaging.webhooks.WebhookDispatcher;
import io.decidr.messaging.webhooks.WebhookStore;
import io.decidr.messaging.webhooks.WebhookSubscriber;
import io.decidr.platform.config.EventStoreConfiguration.EventStoreSchema;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Webhooks ({@code decidr.webhooks.*}): the admin service wherever the API runs; the subscriber where the platform's
 * Tram consumers run (it enqueues in their transactions, on their pool); the dispatcher where the worker role runs.
 * The endpoint policy knows the platform's own ports as its servers start (a random port in tests included), so an
 * endpoint can never be the platform itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
@ConditionalOnProperty(name = "decidr.webhooks.enabled", havingValue = "true", matchIfMissing = true)
public class WebhookConfiguration {

    @Bean
    EndpointPolicy endpointPolicy(WebhookProperties webhooks, @Value("${server.port:8080}") int server,
            @Value("${management.server.port:-1}") int management) {
        Set<Integer> ports = new HashSet<>();
        for (int port : List.of(server, management)) {
            if (port > 0) {
                ports.add(port);
            }
        }
        return new EndpointPolicy(new EndpointPolicy.Settings(webhooks.allowHttp(), webhooks.allowedNetworks(),
                ports, webhooks.platformHosts(), webhooks.platformNetworks()));
    }

    /** The ports the servers actually bound (a configured port 0 included) are the platform's too. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> platformPorts(EndpointPolicy policy) {
        return event -> policy.platformListensOn(event.getWebServer().getPort());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource webhookDataSource(R2dbcProperties r2dbc, WebhookProperties webhooks, EventStoreSchema schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(schema.jdbcUrl());
        config.setUsername(r2dbc.getUsername());
        config.setPassword(r2dbc.getPassword());
        // every sender records its attempt, beside the claims, the housekeeping and the admins' calls
        config.setMaximumPoolSize(Math.max(webhooks.poolSize(), webhooks.dispatcher().concurrency() + 2));
        config.setMinimumIdle(1);
        config.setPoolName("webhooks");
        return new HikariDataSource(config);
    }

    @Bean
    WebhookStore webhookStore(@Qualifier("webhookDataSource") DataSource webhookDataSource) {
        return new WebhookStore(webhookDataSource);
    }

    @Bean
    WebhookAdmin webhookAdmin(WebhookStore store, EndpointPolicy policy, WebhookProperties webhooks,
            ObjectProvider<WebhookSubscriber> subscriber, TenantGate tenants) {
        // called on the bounded elastic scheduler (WebhookQueries): waiting for the tenant's lookup is fine there
        return new WebhookAdmin(store, policy, webhooks.maxPerTenant(), webhooks.refresh().multipliedBy(2),
                () -> subscriber.ifAvailable(WebhookSubscriber::refreshNow),
                requester -> Boolean.TRUE.equals(tenants.context(requester).map(CommandContext::tenantSuspended)
                        .block()));
    }

    /** Enqueues in the Tram consumers' transactions: a template on their data source joins them. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${decidr.messaging.consumers:true} and ${decidr.roles.worker.enabled:true}")
    WebhookSubscriber webhookSubscriber(WebhookStore store,
            @Qualifier("messagingDataSource") DataSource messagingDataSource, WebhookProperties webhooks,
            ObjectProvider<WebhookDispatcher> dispatcher, PersonalPayloads payloads) {
        return new WebhookSubscriber(store, new JdbcTemplate(messagingDataSource),
                () -> dispatcher.ifAvailable(WebhookDispatcher::wake), webhooks.refresh(), payloads);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${decidr.webhooks.dispatcher.enabled:true} and ${decidr.roles.worker.enabled:true}")
    WebhookDispatcher webhookDispatcher(WebhookStore store, EndpointPolicy policy, WebhookProperties webhooks,
            MeterRegistry meters, PersonalPayloads payloads) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(store, policy, webhooks.dispatcher().settings(), payloads);
        FunctionCounter.builder("decidr.webhooks.delivered", dispatcher, WebhookDispatcher::delivered)
                .description("webhook deliveries answered with a 2xx").register(meters);
        FunctionCounter.builder("decidr.webhooks.failed", dispatcher, WebhookDispatcher::failed)
                .description("webhook delivery attempts that failed and will be retried").register(meters);
        FunctionCounter.builder("decidr.webhooks.dead.lettered", dispatcher, WebhookDispatcher::deadLettered)
                .description("webhook deliveries dead-lettered after retrying for too long").register(meters);
        return dispatcher.start();
    }
}
