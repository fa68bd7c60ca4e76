package io.decidr.messaging.webhooks;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Role;
import io.decidr.domain.decider.Rejection;
import io.decidr.messaging.contract.IntegrationEventTypes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a tenant's admins do with webhooks (and its operators see): every call checks the caller's role and keeps to
 * the caller's tenant; bad input is a typed rejection naming the field. A secret is answered once, when created or
 * rotated, and never shown again.
 */
public final class WebhookAdmin {

    /** A webhook with the secret it was just given. */
    public record WithSecret(Webhook webhook, String secret) {

        /** Never the secret in a log line. */
        @Override
        public String toString() {
            return "WithSecret[webhook=" + webhook + "]";
        }
    }

    private static final int MAX_DESCRIPTION = 500;

    /** Whether the requester's tenant is registered, and suspended (the command bus's tenant lookup). */
    @FunctionalInterface
    public interface Tenants {

        /** @throws Rejection NOT_FOUND for a tenant never registered */
        boolean suspended(Requester requester);
    }

    private final WebhookStore store;
    private final EndpointPolicy policy;
    private final int maxPerTenant;
    private final Duration visibleAfter;
    private final Runnable changed;
    private final Tenants tenants;

    /**
     * @param visibleAfter how long after its creation every subscriber (in every process) delivers to a new endpoint
     *                     ({@link WebhookSubscriber#visibleWithin()}): a creation is answered only then, so the events
     *                     written after the answer all reach it
     * @param changed      called after a webhook was created (this process's subscriber reads its tenants again)
     */
    public WebhookAdmin(WebhookStore store, EndpointPolicy policy, int maxPerTenant, Duration visibleAfter,
            Runnable changed, Tenants tenants) {
        this.store = store;
        this.policy = policy;
        this.maxPerTenant = maxPerTenant;
        this.visibleAfter = visibleAfter;
        this.changed = changed;
        this.tenants = tenants;
    }

    /** A suspended tenant starts nothing new (it may still pause, delete and read). */
    private void active(Requester requester) {
        if (tenants.suspended(requester)) {
            throw Rejection.tenantSuspended("tenant " + requester.tenant() + " is suspended");
        }
    }

    public WithSecret create(Requester requester, String url, List<String> eventTypes, String description) {
        admin(requester, "create");
        active(requester);
        URI endpoint = endpoint(url);
        List<String> types = eventTypes(eventTypes);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw Rejection.validation("description", "at most " + MAX_DESCRIPTION + " characters");
        }
        UUID tenant = requester.tenant().value();
        String secret = Signatures.newSecret();
        Webhook webhook = store.create(tenant, endpoint, types, description, secret, user(requester), maxPerTenant)
                .orElseThrow(() -> Rejection.invalidState("a tenant has at most " + maxPerTenant + " webhooks"));
        changed.run();
        // answered only once every subscriber delivers to it, even when interrupted meanwhile
        long until = System.nanoTime() + visibleAfter.plusMillis(50).toNanos();
        boolean interrupted = false;
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new WithSecret(webhook, secret);
    }

    public Webhook pause(Requester requester, UUID id) {
        admin(requester, "pause");
        return store.setStatus(requester.tenant().value(), id, Webhook.Status.PAUSED, user(requester))
                .orElseThrow(() -> notFound(id));
    }

    public Webhook resume(Requester requester, UUID id) {
        admin(requester, "resume");
        active(requester);
        return store.setStatus(requester.tenant().value(), id, Webhook.Status.ACTIVE, user(requester))
                .orElseThrow(() -> notFound(id));
    }

    public boolean delete(Requester requester, UUID id) {
        admin(requester, "delete");
        if (!store.delete(requester.tenant().value(), id, user(requester))) {
            throw notFound(id);
        }
        return true;
    }

    /**
     * A new secret; the replaced one keeps signing deliveries beside it for {@code keepPrevious} (none when zero), so
     * receivers that still check the old one lose nothing while they switch.
     */
    public WithSecret rotateSecret(Requester requester, UUID id, Duration keepPrevious) {
        admin(requester, "rotate the secret of");
        if (keepPrevious.isNegative() || keepPrevious.compareTo(Duration.ofDays(7)) > 0) {
            throw Rejection.validation("keepPreviousSeconds", "between 0 and 7 days");
        }
        String secret = Signatures.newSecret();
        Webhook webhook = store.rotate(requester.tenant().value(), id, secret, keepPrevious, user(requester))
                .orElseThrow(() -> notFound(id));
        return new WithSecret(webhook, secret);
    }

    /** Sends a dead-lettered delivery again (INVALID_STATE when it is not dead-lettered). */
    public WebhookDelivery replay(Requester requester, long deliveryId) {
        admin(requester, "replay a delivery of");
        active(requester);
        UUID tenant = requester.tenant().value();
        WebhookDelivery current = store.delivery(tenant, deliveryId)
                .orElseThrow(() -> Rejection.notFound("no webhook delivery " + deliveryId + " in this tenant"));
        if (current.status() != WebhookDelivery.Status.DEAD) {
            throw Rejection.invalidState("delivery " + deliveryId + " is " + current.status()
                    + ": only a dead-lettered delivery is replayed");
        }
        WebhookDelivery replayed = store.replay(tenant, deliveryId).orElseThrow();
        if (replayed.status() == WebhookDelivery.Status.DEAD) {
            throw Rejection.invalidState("the webhook of delivery " + deliveryId + " was deleted");
        }
        return replayed;
    }

    public List<Webhook> list(Requester requester) {
        reader(requester);
        return store.list(requester.tenant().value());
    }

    public Webhook find(Requester requester, UUID id) {
        reader(requester);
        return store.find(requester.tenant().value(), id).orElseThrow(() -> notFound(id));
    }

    public List<WebhookDelivery> deliveries(Requester requester, UUID webhook, WebhookDelivery.Status status,
            int limit, Long before) {
        reader(requester);
        return store.deliveries(requester.tenant().value(), webhook, status, limit, before);
    }

    private URI endpoint(String url) {
        try {
            return policy.check(url);
        } catch (EndpointPolicy.Refused refused) {
            throw Rejection.validation("url", refused.getMessage());
        }
    }

    /** Published names, a channel's prefix ({@code entity.*}) or {@code *}; at least one, no repeats. */
    private static List<String> eventTypes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw Rejection.validation("eventTypes", "name at least one event type (or \"*\" for all)");
        }
        Set<String> prefixes = new LinkedHashSet<>();
        IntegrationEventTypes.names().forEach(name -> prefixes.add(name.substring(0, name.indexOf('.')) + ".*"));
        List<String> types = new ArrayList<>();
        for (String type : requested) {
            boolean known = type != null && (type.equals("*") || prefixes.contains(type)
                    || IntegrationEventTypes.named(type) != null);
            if (!known) {
                throw Rejection.validation("eventTypes", "unknown event type \"" + type + "\": a published type"
                        + " (e.g. entity.archived.v1), a channel's prefix (" + String.join(", ", prefixes)
                        + ") or *");
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types;
    }

    private static void admin(Requester requester, String what) {
        if (!requester.actor().has(Role.ADMIN)) {
            throw Rejection.forbidden("only an admin of the tenant may " + what + " a webhook");
        }
    }

    private static void reader(Requester requester) {
        if (!requester.actor().has(Role.ADMIN) && !requester.actor().has(Role.OPERATOR)) {
            throw Rejection.forbidden("only the tenant's admins and operators see its webhooks");
        }
    }

    private static String user(Requester requester) {
        return requester.actor().user().value();
    }

    private static Rejection notFound(UUID id) {
        return Rejection.notFound("no webhook " + id + " in this tenant");
    }
}
