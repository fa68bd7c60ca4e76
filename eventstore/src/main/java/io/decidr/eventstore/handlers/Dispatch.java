package io.decidr.eventstore.handlers;

import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.command.AggregateType;
import io.decidr.eventstore.command.CommandBus;
import io.decidr.eventstore.command.CommandEnvelope;
import io.decidr.eventstore.command.CommandOutcome;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** Sends one domain command for a requester through the bus, with its metadata. */
final class Dispatch {

    private Dispatch() {
    }

    static <C, S, E> Mono<CommandOutcome<E>> send(
            CommandBus bus, AggregateType<C, S, E> type, Requester requester, UUID streamTenant, C command,
            UUID commandId, UUID correlationId) {
        EventMetadata metadata = new EventMetadata(
                commandId, correlationId, correlationId, requester.actor().user().value(), null);
        return bus.dispatch(type, new CommandEnvelope<>(requester.commandScope(), streamTenant, command, metadata));
    }
}
