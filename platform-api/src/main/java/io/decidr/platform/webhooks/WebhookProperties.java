package io.decidr.platform.webhooks;

import io.decidr.messaging.webhooks.WebhookDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.webhooks.*}: product teams' endpoints and how they are delivered to.
 *
 * @param enabled          webhooks at all (off: the GraphQL fields answer UNAVAILABLE, nothing is enqueued)
 * @param allowHttp        plain {@code http://} endpoints accepted (off in production: deliveries carry tenant data)
 * @param allowedNetworks  CIDRs of internal addresses endpoints may nevertheless have (e.g. a receiver inside the
 *                         cluster); loopback, link-local and private addresses are refused otherwise. The platform's
 *                         own addresses and ports are refused always.
 * @param platformHosts    host names under which the platform is reached (its public host): refused always, and so
 *                         are the addresses they resolve to
 * @param platformNetworks CIDRs that are the platform's (its load balancers' addresses, its pods' and services'
 *                         networks): refused always, even inside an allowed network
 * @param maxPerTenant     live webhooks per tenant
 * @param poolSize         JDBC connections for the webhooks' reads and writes (admin calls, the dispatcher): at
 *                         least the dispatcher's concurrency + 2
 * @param refresh          how often the subscriber reads which tenants have webhooks; createWebhook answers twice this
 *                         long after the creation, when every process delivers to the new endpoint
 * @param dispatcher       the deliveries' sender
 */
@ConfigurationProperties("decidr.webhooks")
public record WebhookProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue List<String> allowedNetworks,
        @DefaultValue Set<String> platformHosts,
        @DefaultValue List<String> platformNetworks,
        @DefaultValue("20") int maxPerTenant,
        @DefaultValue("4") int poolSize,
        @DefaultValue("500ms") Duration refresh,
        @DefaultValue Dispatcher dispatcher) {

    /**
     * @param enabled        whether this process sends deliveries (where the worker role runs; several may)
     * @param concurrency    requests in flight at once in this process
     * @param perEndpoint    requests in flight at once per endpoint (one slow endpoint never holds every sender)
     * @param poll           the longest an idle sender waits before looking for due deliveries
     * @param timeout        the longest a request may take, answer included (a hanging receiver fails the attempt)
     * @param connectTimeout the longest a connection may take
     * @param initialBackoff the pause after a first failure, doubled after each further one
     * @param maxBackoff     the longest pause between attempts
     * @param giveUpAfter    how long a delivery is retried before it is dead-lettered
     * @param retention      how long delivered, cancelled and dead-lettered deliveries stay in the log
     */
    public record Dispatcher(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8") int concurrency,
            @DefaultValue("4") int perEndpoint,
            @DefaultValue("1s") Duration poll,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("5s") Duration initialBackoff,
            @DefaultValue("1h") Duration maxBackoff,
            @DefaultValue("24h") Duration giveUpAfter,
            @DefaultValue("30d") Duration retention) {

        WebhookDispatcher.Settings settings() {
            return new WebhookDispatcher.Settings(concurrency, perEndpoint, poll, timeout, connectTimeout, initialBackoff,
                    maxBackoff, giveUpAfter, retention);
        }
    }
}
