package io.decidr.platform.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.roles.api.enabled}: whether this process answers the API (GraphQL over HTTP and graphql-ws, uploads)
 * on its server port. On by default; a worker-only or projector-only process switches it off and keeps only its
 * management port (probes, metrics).
 */
@ConfigurationProperties("decidr.roles.api")
public record ApiRoleProperties(@DefaultValue("true") boolean enabled) {
}
