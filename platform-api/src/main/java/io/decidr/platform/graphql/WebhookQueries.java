package io.decidr.platform.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.decider.Rejection;
import io.decidr.messaging.outbox.PersonalPayloads;
import io.decidr.messaging.webhooks.Webhook;
import io.decidr.messaging.webhooks.WebhookAdmin;
import io.decidr.messaging.webhooks.WebhookDelivery;
import io.decidr.platform.graphql.ReadModelGraph.Connection;
import io.decidr.platform.graphql.ReadModelGraph.Edge;
import io.decidr.platform.graphql.ReadModelGraph.PageInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Webhooks ({@link WebhookAdmin}): its calls are JDBC, so they run on the bounded elastic scheduler, never on an
 * event-loop thread. UNAVAILABLE where webhooks are switched off ({@code decidr.webhooks.enabled}).
 */
@Controller
public class WebhookQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAGE = 100;

    private final ObjectProvider<WebhookAdmin> webhooks;
    private final PersonalPayloads payloads;

    public WebhookQueries(ObjectProvider<WebhookAdmin> webhooks, PersonalPayloads payloads) {
        this.webhooks = webhooks;
        this.payloads = payloads;
    }

    public record WebhookNode(UUID id, String url, List<String> eventTypes, String description, Webhook.Status status,
            Instant createdAt, String createdBy, Instant updatedAt, String updatedBy, Instant previousSecretUntil,
            long pendingDeliveries, long deadDeliveries, UUID tenantId) {
    }

    public record WithSecretNode(WebhookNode webhook, String secret) {
    }

    public record DeliveryNode(String id, String eventId, String eventType, String aggregateId,
            WebhookDelivery.Status status, int attempts, Instant createdAt, Instant nextAttemptAt,
            Instant lastAttemptAt, Integer responseCode, String lastError, Instant deliveredAt, Object payload,
            List<AttemptNode> attemptLog) {
    }

    public record AttemptNode(int attempt, Instant at, int durationMs, Integer responseCode, String error) {
    }

    @QueryMapping
    public Mono<List<WebhookNode>> webhooks(Requester requester) {
        return call(() -> admin().list(requester).stream().map(WebhookQueries::node).toList());
    }

    @QueryMapping
    public Mono<WebhookNode> webhook(@Argument String id, Requester requester) {
        return call(() -> node(admin().find(requester, Arguments.id(id, "id"))));
    }

    @SchemaMapping(typeName = "Webhook", field = "deliveries")
    public Mono<Connection<DeliveryNode>> deliveries(WebhookNode webhook, @Argument WebhookDelivery.Status status,
            @Argument Integer first, @Argument String after, Requester requester) {
        int size = first == null ? 20 : first;
        if (size < 1 || size > MAX_PAGE) {
            return Mono.error(Rejection.validation("first", "between 1 and " + MAX_PAGE));
        }
        Long before = cursor(after);
        return call(() -> {
            List<WebhookDelivery> page = admin().deliveries(requester, webhook.id(), status, size + 1, before);
            List<Edge<DeliveryNode>> edges = page.stream().limit(size)
                    .map(d -> new Edge<>(Long.toString(d.id()), node(d))).toList();
            String end = edges.isEmpty() ? null : edges.getLast().cursor();
            return new Connection<>(edges, new PageInfo(page.size() > size, end));
        });
    }

    @MutationMapping
    public Mono<WithSecretNode> createWebhook(@Argument String url, @Argument List<String> eventTypes,
            @Argument String description, Requester requester) {
        return call(() -> node(admin().create(requester, url, eventTypes, description)));
    }

    @MutationMapping
    public Mono<WebhookNode> pauseWebhook(@Argument String id, Requester requester) {
        return call(() -> node(admin().pause(requester, Arguments.id(id, "id"))));
    }

    @MutationMapping
    public Mono<WebhookNode> resumeWebhook(@Argument String id, Requester requester) {
        return call(() -> node(admin().resume(requester, Arguments.id(id, "id"))));
    }

    @MutationMapping
    public Mono<Boolean> deleteWebhook(@Argument String id, Requester requester) {
        return call(() -> admin().delete(requester, Arguments.id(id, "id")));
    }

    @MutationMapping
    public Mono<WithSecretNode> rotateWebhookSecret(@Argument String id, @Argument Integer keepPreviousSeconds,
            Requester requester) {
        Duration keep = Duration.ofSeconds(keepPreviousSeconds == null ? 86_400 : keepPreviousSeconds);
        return call(() -> node(admin().rotateSecret(requester, Arguments.id(id, "id"), keep)));
    }

    @MutationMapping
    public Mono<DeliveryNode> replayWebhookDelivery(@Argument String id, Requester requester) {
        return call(() -> node(admin().replay(requester, deliveryId(id, "id"))));
    }

    private WebhookAdmin admin() {
        WebhookAdmin admin = webhooks.getIfAvailable();
        if (admin == null) {
            throw new WebhooksOff();
        }
        return admin;
    }

    /** Webhooks are switched off on this server. */
    public static final class WebhooksOff extends RuntimeException {
        WebhooksOff() {
            super("webhooks are switched off on this server (decidr.webhooks.enabled)");
        }
    }

    private static <T> Mono<T> call(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    private static Long cursor(String after) {
        return after == null || after.isEmpty() ? null : deliveryId(after, "after");
    }

    private static long deliveryId(String text, String field) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Rejection.validation(field, "not a webhook delivery id");
    }

    private static WebhookNode node(Webhook webhook) {
        return new WebhookNode(webhook.id(), webhook.url(), webhook.eventTypes(), webhook.description(),
                webhook.status(), webhook.createdAt(), webhook.createdBy(), webhook.updatedAt(), webhook.updatedBy(),
                webhook.previousSecretUntil(), webhook.pending(), webhook.dead(), webhook.tenantId());
    }

    private static WithSecretNode node(WebhookAdmin.WithSecret created) {
        return new WithSecretNode(node(created.webhook()), created.secret());
    }

    /** The delivery with its body as it would be sent now (personal values opened, withheld or erased). */
    private DeliveryNode node(WebhookDelivery delivery) {
        String body = payloads.open(delivery.body());
        Object payload;
        try {
            payload = JSON.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            payload = body;
        }
        return new DeliveryNode(Long.toString(delivery.id()), delivery.messageId(), delivery.eventType(),
                delivery.aggregateId(), delivery.status(), delivery.attempts(), delivery.createdAt(),
                delivery.status() == WebhookDelivery.Status.PENDING ? delivery.nextAttemptAt() : null,
                delivery.lastAttemptAt(), delivery.lastStatus(), delivery.lastError(), delivery.deliveredAt(), payload,
                delivery.log().stream().map(a -> new AttemptNode(a.attempt(), a.at(), a.durationMillis(), a.status(),
                        a.error())).toList());
    }
}
