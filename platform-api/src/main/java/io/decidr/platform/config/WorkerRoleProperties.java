package io.decidr.platform.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.roles.worker.enabled}: whether this process polls the Temporal task queues and runs workflows and
 * activities (on by default, so one process does everything; a deployment switches it off in api-only and
 * projector-only processes). With it off, the process still has a Temporal client and starts workflows.
 */
@ConfigurationProperties("decidr.roles.worker")
public record WorkerRoleProperties(@DefaultValue("true") boolean enabled) {
}
