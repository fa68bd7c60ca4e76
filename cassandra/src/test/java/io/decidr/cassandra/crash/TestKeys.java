package io.decidr.cassandra.crash;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.application.command.CommandObserver;
import io.decidr.application.command.CommandTracing;
import io.decidr.application.command.IntegrationEvents;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import java.time.Duration;
import java.util.Map;

/**
 * The data subjects' keys in the test database, under one master key every process of a test shares (comment bodies
 * are personal: a workload writes them sealed, and projectors open them).
 */
final class TestKeys {

    private static final LocalMasterKeys MASTER =
            new LocalMasterKeys(Map.of("crash", "crash-tests-master-key-32-bytes!".getBytes()), "crash");

    private TestKeys() {
    }

    static PersonalKeys of(PostgresEventStore store) {
        return new PostgresPersonalKeys(store.connections(), MASTER, Duration.ofSeconds(5));
    }

    /** A command bus with default settings that seals with those keys. */
    static CommandBus bus(PostgresEventStore store) {
        return new CommandBus(store, CommandBusSettings.DEFAULTS, CommandObserver.NONE, CommandTracing.NONE,
                IntegrationEvents.NONE, of(store));
    }
}
