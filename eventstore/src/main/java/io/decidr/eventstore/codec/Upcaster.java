package io.decidr.eventstore.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the stored JSON of one event type from {@code fromVersion} into {@code fromVersion + 1}.
 *
 * <p>Upcasters chain: an event stored at version 1 of a type now at version 3 passes through the 1->2 and
 * 2->3 upcasters on every read. Stored events are never rewritten.
 */
public interface Upcaster {

    /** The stable event type name this upcaster applies to. */
    String eventType();

    /** The version it reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /** The event's data in the next version's layout; may modify and return {@code data}. */
    ObjectNode upcast(ObjectNode data);
}
