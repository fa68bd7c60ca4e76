package io.decidr.platform.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.roles.projector.enabled}: whether this process runs the projectors (on by default, so one
 * process does everything; a deployment switches it off in api-only and worker-only processes).
 */
@ConfigurationProperties("decidr.roles.projector")
public record ProjectorRoleProperties(@DefaultValue("true") boolean enabled) {
}
