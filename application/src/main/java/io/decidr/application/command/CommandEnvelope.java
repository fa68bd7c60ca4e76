package io.decidr.application.command;

import io.decidr.eventstore.EventMetadata;
import java.util.Objects;
import java.util.UUID;

/**
 * A command with what the bus needs around it.
 *
 * @param scope    namespace of the command id: the calling tenant (so command ids never collide across tenants)
 * @param tenant   the tenant whose aggregate the command targets
 * @param command  the domain command
 * @param metadata command id (the idempotency key), causation, correlation, actor
 */
public record CommandEnvelope<C>(String scope, UUID tenant, C command, EventMetadata metadata) {

    public CommandEnvelope {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(metadata.commandId(), "metadata.commandId");
    }

    public UUID commandId() {
        return metadata.commandId();
    }
}
