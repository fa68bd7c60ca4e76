package io.decidr.platform.limits;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.limits.*}: what one tenant may use of one replica (the counts are per process, not cluster-wide).
 *
 * @param requestsPerSecond             GraphQL operations a tenant may start per second, sustained (HTTP requests
 *                                      and graphql-ws {@code subscribe} messages together)
 * @param burst                         operations a tenant may start at once after a quiet spell
 * @param websocketConnectionsPerTenant open graphql-ws connections per tenant
 * @param subscriptionsPerConnection    live subscriptions per graphql-ws connection
 * @param subscriptionBacklog           changes a subscriber may fall behind before its subscription is ended
 * @param tenants                       per-tenant exceptions, by tenant id (unset fields keep the defaults above)
 */
@ConfigurationProperties("decidr.limits")
public record LimitProperties(
        @DefaultValue("200") double requestsPerSecond,
        @DefaultValue("400") int burst,
        @DefaultValue("50") int websocketConnectionsPerTenant,
        @DefaultValue("20") int subscriptionsPerConnection,
        @DefaultValue("1000") int subscriptionBacklog,
        @DefaultValue Map<String, TenantLimits> tenants) {

    public LimitProperties {
        if (requestsPerSecond <= 0 || burst < 1 || websocketConnectionsPerTenant < 1 || subscriptionsPerConnection < 1
                || subscriptionBacklog < 1) {
            throw new IllegalArgumentException("decidr.limits.* must be positive");
        }
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /**
     * One tenant's exceptions to the defaults.
     *
     * @param requestsPerSecond    operations per second, or null for the default
     * @param burst                operations at once, or null for the default
     * @param websocketConnections open graphql-ws connections, or null for the default
     */
    public record TenantLimits(Double requestsPerSecond, Integer burst, Integer websocketConnections) {
    }

    /** The sustained rate for {@code tenant}. */
    public double requestsPerSecond(String tenant) {
        TenantLimits own = tenants.get(tenant);
        return own == null || own.requestsPerSecond() == null ? requestsPerSecond : own.requestsPerSecond();
    }

    /** The burst for {@code tenant}. */
    public int burst(String tenant) {
        TenantLimits own = tenants.get(tenant);
        return own == null || own.burst() == null ? burst : own.burst();
    }

    /** The graphql-ws connections {@code tenant} may hold open. */
    public int websocketConnections(String tenant) {
        TenantLimits own = tenants.get(tenant);
        return own == null || own.websocketConnections() == null ? websocketConnectionsPerTenant : own.websocketConnections();
    }
}
