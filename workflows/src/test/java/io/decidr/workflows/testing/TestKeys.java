package io.decidr.workflows.testing;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.application.command.CommandObserver;
import io.decidr.application.command.CommandTracing;
import io.decidr.application.command.IntegrationEvents;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A command bus that seals personal data with keys in the test database, under a master key every process of a test
 * shares (an import's parameters and comment bodies are personal).
 */
public final class TestKeys {

    private static final LocalMasterKeys MASTER = new LocalMasterKeys(
            Map.of("jobs", "workflow-tests-master-key-32byte".getBytes(StandardCharsets.US_ASCII)), "jobs");

    private TestKeys() {
    }

    public static CommandBus bus(PostgresEventStore store) {
        return new CommandBus(store, CommandBusSettings.DEFAULTS, CommandObserver.NONE, CommandTracing.NONE,
                IntegrationEvents.NONE, new PostgresPersonalKeys(store.connections(), MASTER, Duration.ofSeconds(5)));
    }
}
