package io.decidr.application.command;

import io.decidr.domain.decider.Decider;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.aggregates.DomainJson;
import io.decidr.eventstore.codec.EventTypes;
import io.decidr.eventstore.codec.JsonEventCodec;
import io.decidr.eventstore.codec.JsonStateCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A test aggregate whose commands append several events at once: {@code AddItems} of n items writes n
 * {@code ItemAdded} events numbered on from the ledger's count, so a partly written command or a command
 * written twice shows in the numbers.
 */
final class Ledger {

    record AddItems(UUID ledger, String label, int count) {
    }

    /** Item {@code part} of {@code parts} added by one command; {@code number} counts items in the ledger from 1. */
    record ItemAdded(String label, long number, int part, int parts) {
    }

    record State(long items) {
    }

    static final Decider<AddItems, State, ItemAdded> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State(0);
        }

        @Override
        public List<ItemAdded> decide(AddItems command, State state) {
            List<ItemAdded> events = new ArrayList<>();
            for (int part = 0; part < command.count(); part++) {
                events.add(new ItemAdded(command.label(), state.items() + part + 1, part, command.count()));
            }
            return events;
        }

        @Override
        public State evolve(State state, ItemAdded event) {
            return new State(event.number());
        }
    };

    static final AggregateType<AddItems, State, ItemAdded> TYPE = new AggregateType<>(
            "ledger",
            DECIDER,
            new JsonEventCodec<>(DomainJson.mapper(), new EventTypes<ItemAdded>().add("ledger.item-added", ItemAdded.class)),
            new JsonStateCodec<>(DomainJson.mapper(), State.class, 1),
            AddItems::ledger);

    private Ledger() {
    }
}
