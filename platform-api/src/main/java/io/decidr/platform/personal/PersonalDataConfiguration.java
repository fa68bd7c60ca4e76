package io.decidr.platform.personal;

import io.decidr.application.command.CommandBus;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import io.decidr.messaging.outbox.PersonalPayloads;
import io.decidr.platform.config.EventStoreConfiguration.EventStoreSchema;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The data subjects' keys in the event store's database, wrapped by the configured master keys. Without master keys
 * the platform runs, but refuses to write a personal value (UNAVAILABLE, saying what to configure).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PersonalDataProperties.class)
public class PersonalDataConfiguration {

    @Bean
    PersonalKeys personalKeys(PersonalDataProperties properties, ConnectionFactory connectionFactory,
            EventStoreSchema schema) {
        if (!properties.configured()) {
            return new Unconfigured(new PostgresPersonalKeys(connectionFactory, new LocalMasterKeys(
                    Map.of("unconfigured", new byte[32]), "unconfigured"), properties.keyCache()));
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        properties.masterKeys().forEach((id, base64) -> {
            try {
                keys.put(id, Base64.getDecoder().decode(base64 == null ? "" : base64.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("decidr.personal-data.master-keys." + id + " is not Base64", e);
            }
        });
        String active = properties.activeMasterKey().isBlank() && keys.size() == 1
                ? keys.keySet().iterator().next() : properties.activeMasterKey();
        return new PostgresPersonalKeys(connectionFactory, new LocalMasterKeys(keys, active), properties.keyCache());
    }

    /**
     * Opens the personal values sealed in integration messages as they leave (relayed to a broker, a webhook sent or
     * shown), for the tenants that share them now: the tenant as the command bus knows it (its trusted cache).
     */
    @Bean
    PersonalPayloads personalPayloads(PersonalKeys keys, CommandBus bus) {
        return new PersonalPayloads(keys, tenant -> Boolean.TRUE.equals(bus.current(Aggregates.TENANT, tenant, tenant)
                .map(loaded -> loaded.state().exists() && loaded.state().sharesPersonalValues())
                .block(Duration.ofSeconds(30))));
    }

    /**
     * No master key: no key is ever created, so nothing can be sealed; erasing still records the erasure (a subject
     * erased now never gets a key later).
     */
    private record Unconfigured(PersonalKeys store) implements PersonalKeys {

        @Override
        public Mono<DataKey> keyFor(UUID tenant, UUID subject) {
            return Mono.error(new PersonalDataUnavailableException("personal values need a master key: set "
                    + "decidr.personal-data.master-keys.<id> (256-bit AES, Base64) and decidr.personal-data.active-master-key"));
        }

        @Override
        public Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds) {
            return keyIds.isEmpty() ? Mono.just(KeyRing.NONE) : Mono.just(KeyRing.UNREADABLE);
        }

        @Override
        public Mono<Boolean> erase(UUID tenant, UUID subject, String erasedBy, String reason) {
            return store.erase(tenant, subject, erasedBy, reason);
        }
    }
}
