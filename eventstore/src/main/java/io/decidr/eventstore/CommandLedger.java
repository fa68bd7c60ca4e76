package io.decidr.eventstore;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What a command did: the store records every command id with the stream and versions it wrote, in the same statement
 * as its events, so "did command X change anything, and where" has a certain answer (a saga's compensation asks it).
 */
public interface CommandLedger {

    /** The outcome of the command id in the scope (a tenant's), if it was ever handled. */
    Mono<AppendResult> findCommand(String scope, UUID commandId);
}
