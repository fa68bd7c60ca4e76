package io.decidr.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.ValueSet;
import io.decidr.eventstore.Publication;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.messaging.relay.MessageSink;
import io.decidr.messaging.relay.OpeningSink;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageImpl;
import io.r2dbc.pool.ConnectionPool;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Personal values in integration messages, with keys in a real PostgreSQL: sealed in the outbox's payload, opened as a
 * message leaves for a tenant that shares them, withheld for one that does not, erased once the subject's key is gone;
 * a message that came opened through a broker is sealed again before a copy of it is kept.
 */
class PersonalPayloadsIT {

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresPersonalKeys keys;

    private final UUID tenant = UUID.randomUUID();
    private final EntityId entity = new EntityId(UUID.randomUUID());
    private final AttributeId email = new AttributeId(UUID.randomUUID());
    private final AttributeId score = new AttributeId(UUID.randomUUID());
    private final Set<UUID> sharing = new HashSet<>();
    private final DomainPublications publications = new DomainPublications();

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(2);
        byte[] master = new byte[32];
        master[0] = 7;
        keys = new PostgresPersonalKeys(pool, new LocalMasterKeys(Map.of("m1", master), "m1"), Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void personal_values_are_sealed_in_the_outbox_and_leave_only_for_a_tenant_that_shares_them() {
        DataKey key = keys.keyFor(tenant, entity.value()).block();
        PersonalPayloads payloads = new PersonalPayloads(keys, sharing::contains);
        Publication created = publications.publicationOf("entity", tenant, entity.value(), new EntityCreated(entity,
                new CollectionId(UUID.randomUUID()), Map.of(email, new TextValue("ada@example.org"),
                score, new NumberValue(new BigDecimal("7.50"))), Set.of(email)), key);
        Publication set = publications.publicationOf("entity", tenant, entity.value(),
                new ValueSet(entity, email, new TextValue("bea@example.org"), new TextValue("ada@example.org"), true), key);
        assertThat(created.payload()).doesNotContain("ada@example.org").contains(Sealing.MARK, "7.50");
        assertThat(set.payload()).doesNotContain("bea@example.org", "ada@example.org").contains(Sealing.MARK);
        // without a key (no personal value in the event) nothing is sealed; a withheld value says only its kind
        assertThat(publications.publicationOf("entity", tenant, entity.value(),
                new ValueSet(entity, email, new TextValue("cy@example.org"), null, true)).payload())
                .doesNotContain("cy@example.org", Sealing.MARK).contains("\"kind\":\"personal\"");

        assertThat(payloads.open(set.payload())).as("not shared").doesNotContain("bea@example.org", Sealing.MARK)
                .contains("\"kind\":\"personal\"");
        sharing.add(tenant);
        assertThat(payloads.open(set.payload())).contains("\"value\":\"bea@example.org\"", "\"personal\":true")
                .doesNotContain(Sealing.MARK);
        assertThat(payloads.open(created.payload())).contains("ada@example.org", "7.50");
        // another tenant's message never opens with this tenant's keys
        String foreign = set.payload().replace(tenant.toString(), UUID.randomUUID().toString());
        assertThat(payloads.open(foreign)).doesNotContain("bea@example.org");

        // a broker's opened copy is sealed again before it is kept (a webhook delivery), and opens the same
        String opened = payloads.open(set.payload());
        String resealed = payloads.sealAgain(opened);
        assertThat(resealed).doesNotContain("bea@example.org").contains(Sealing.MARK);
        assertThat(payloads.open(resealed)).isEqualTo(opened);
        assertThat(payloads.sealAgain(set.payload())).as("sealed already").isEqualTo(set.payload());

        keys.erase(tenant, entity.value(), "max", "forget me").block();
        assertThat(payloads.open(set.payload())).doesNotContain("bea@example.org").contains("\"kind\":\"erased\"");
        assertThat(payloads.open(resealed)).doesNotContain("bea@example.org").contains("\"kind\":\"erased\"");
        assertThat(payloads.sealAgain(opened)).as("an opened copy of an erased subject")
                .doesNotContain("bea@example.org", Sealing.MARK).contains("\"kind\":\"erased\"");
    }

    @Test
    void a_broker_gets_messages_opened_and_one_whose_keys_cannot_be_read_stops_the_batch_there() {
        DataKey key = keys.keyFor(tenant, entity.value()).block();
        sharing.add(tenant);
        List<Message> delivered = new ArrayList<>();
        MessageSink broker = delivered::add;
        Publication set = publications.publicationOf("entity", tenant, entity.value(),
                new ValueSet(entity, email, new TextValue("dee@example.org"), null, true), key);
        Publication plain = publications.publicationOf("entity", tenant, entity.value(),
                new ValueSet(entity, score, new NumberValue(BigDecimal.TEN), null, false));
        List<Message> batch = List.of(message(plain), message(set), message(plain));

        MessageSink.Delivered all = new OpeningSink(broker, new PersonalPayloads(keys, sharing::contains)).deliverAll(batch);
        assertThat(all.count()).isEqualTo(3);
        assertThat(all.failure()).isNull();
        assertThat(delivered.get(1).getPayload()).contains("dee@example.org").doesNotContain(Sealing.MARK);
        assertThat(delivered.get(1).getHeaders()).isEqualTo(batch.get(1).getHeaders());
        assertThat(delivered.get(0)).isSameAs(batch.get(0));

        // the key store out of reach: the first message goes, the sealed one and what follows wait
        delivered.clear();
        PersonalKeys unreachable = new PersonalKeys() {
            @Override
            public Mono<DataKey> keyFor(UUID tenant, UUID subject) {
                return Mono.error(new PersonalDataUnavailableException("down"));
            }

            @Override
            public Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds) {
                return Mono.error(new PersonalDataUnavailableException("down"));
            }

            @Override
            public Mono<Boolean> erase(UUID tenant, UUID subject, String erasedBy, String reason) {
                return Mono.error(new PersonalDataUnavailableException("down"));
            }
        };
        MessageSink.Delivered cut = new OpeningSink(broker, new PersonalPayloads(unreachable, sharing::contains))
                .deliverAll(batch);
        assertThat(cut.count()).isEqualTo(1);
        assertThat(cut.failure()).isInstanceOf(PersonalDataUnavailableException.class);
        assertThat(delivered).hasSize(1);
        assertThatThrownBy(() -> new PersonalPayloads(unreachable, sharing::contains).open(set.payload()))
                .isInstanceOf(PersonalDataUnavailableException.class);
        // a tenant that does not share needs no key: withheld, never stuck
        sharing.clear();
        assertThat(new PersonalPayloads(unreachable, sharing::contains).open(set.payload()))
                .doesNotContain("dee@example.org").contains("\"kind\":\"personal\"");
    }

    private static Message message(Publication publication) {
        return new MessageImpl(publication.payload(), Map.of("ID", UUID.randomUUID().toString(),
                "event-type", publication.eventType()));
    }
}
