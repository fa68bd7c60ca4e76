package io.decidr.eventstore.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeDefined;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.entity.Backlink;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.ValueSet;
import io.decidr.domain.job.JobCancelRequested;
import io.decidr.domain.job.JobCancelled;
import io.decidr.domain.job.JobCompensated;
import io.decidr.domain.job.JobCompleted;
import io.decidr.domain.job.JobEvent;
import io.decidr.domain.job.JobFailed;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobProgressed;
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.job.JobStarted;
import io.decidr.domain.job.JobState;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.job.JobSummary;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.StoredSnapshot;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DomainJsonTest {

    private final AttributeId price = new AttributeId(UUID.randomUUID());
    private final AttributeId name = new AttributeId(UUID.randomUUID());
    private final EntityId entity = new EntityId(UUID.randomUUID());
    private final CollectionId collection = new CollectionId(UUID.randomUUID());

    @Test
    void events_round_trip_under_stable_names_with_exact_decimals() {
        EntityEvent created = new EntityCreated(entity, collection, Map.of(
                price, new NumberValue(new BigDecimal("1250000.50")),
                name, new TextValue("Initech")));
        NewEvent encoded = Aggregates.ENTITY.events().encode(UUID.randomUUID(), created);

        assertThat(encoded.type()).isEqualTo("entity.created");
        assertThat(encoded.data()).contains("\"" + price + "\"").contains("1250000.50").contains("\"kind\":\"number\"");
        EntityEvent decoded = Aggregates.ENTITY.events().decode(encoded.type(), encoded.schemaVersion(), encoded.data());
        assertThat(decoded).isEqualTo(created);
        assertThat(((NumberValue) ((EntityCreated) decoded).values().get(price)).value().scale()).isEqualTo(2);
    }

    @Test
    void a_value_set_with_no_previous_value_round_trips() {
        EntityEvent set = new ValueSet(entity, price, new DateValue(LocalDate.of(1999, 2, 19)), null);
        NewEvent encoded = Aggregates.ENTITY.events().encode(UUID.randomUUID(), set);
        assertThat(encoded.data()).contains("1999-02-19");
        assertThat(Aggregates.ENTITY.events().decode(encoded.type(), 1, encoded.data())).isEqualTo(set);
    }

    @Test
    void attribute_types_round_trip() {
        var event = new AttributeDefined(collection, new Attribute(price, "Tier", new SelectType(List.of("gold", "silver")), true));
        var link = new AttributeDefined(collection, new Attribute(name, "Employer", new LinkType(collection, "Employees"), false));
        for (var e : List.of(event, link)) {
            NewEvent encoded = Aggregates.COLLECTION.events().encode(UUID.randomUUID(), e);
            assertThat(Aggregates.COLLECTION.events().decode(encoded.type(), 1, encoded.data())).isEqualTo(e);
        }
    }

    @Test
    void states_round_trip_through_snapshots_and_other_schema_versions_are_ignored() {
        EntityState state = new EntityState(true, entity, collection,
                Map.of(price, new NumberValue(new BigDecimal("3.10")), name, new SelectValue("gold")), false,
                Map.of(name, Set.of(new EntityId(UUID.randomUUID()))),
                Set.of(new Backlink(new EntityId(UUID.randomUUID()), collection, price)), Set.of(price), true);
        String json = Aggregates.ENTITY.states().encode(state);
        StreamId stream = StreamId.of("entity", UUID.randomUUID(), entity.value());

        assertThat(Aggregates.ENTITY.states().decode(new StoredSnapshot(stream, 7, EntityState.SCHEMA_VERSION, json)))
                .contains(state);
        assertThat(Aggregates.ENTITY.states().decode(new StoredSnapshot(stream, 7, EntityState.SCHEMA_VERSION + 1, json)))
                .isEmpty();
    }

    @Test
    void every_job_event_round_trips_exactly_under_its_stable_name() {
        JobId job = new JobId(UUID.randomUUID());
        UserId ann = new UserId("ann@example.com");
        Map<String, JobEvent> byName = new LinkedHashMap<>();
        // parameters are JSON text kept as text: quotes, escapes and non-ASCII must come back unchanged
        byName.put("job.requested", new JobRequested(job, JobKind.IMPORT, collection,
                "{\"rows\":[[\"Café \\\"Zürich\\\"\", 12.50]], \"sep\": \"\\t\"}", ann));
        byName.put("job.started", new JobStarted(job, "job/t/" + job, "3f1c-run", -1));
        byName.put("job.progressed", new JobProgressed(job, 9_000_000_000L, 9_000_000_001L, "row 7: bad date"));
        byName.put("job.completed", new JobCompleted(job, new JobSummary(7, 0, 3)));
        byName.put("job.failed", new JobFailed(job, "activity timed out\nafter 3 attempts"));
        byName.put("job.cancel-requested", new JobCancelRequested(job, ann));
        byName.put("job.cancelled", new JobCancelled(job));
        byName.put("job.compensated", new JobCompensated(job, 42));
        assertThat(byName.values()).extracting(Object::getClass)
                .containsExactlyInAnyOrder(JobEvent.class.getPermittedSubclasses());

        // an import's parameters may hold personal values: sealed with the job's key
        DataKey key = new DataKey(UUID.randomUUID(), new SecretKeySpec(new byte[32], "AES"));
        KeyRing ring = KeyRing.of(Map.of(key.id(), key));
        byName.forEach((name, event) -> {
            NewEvent encoded = Aggregates.JOB.events().encode(UUID.randomUUID(), event, key);
            assertThat(encoded.type()).isEqualTo(name);
            assertThat(encoded.schemaVersion()).isEqualTo(1);
            assertThat(encoded.data()).contains("\"id\":\"" + job + "\"");
            assertThat(Aggregates.JOB.events().decode(encoded.type(), encoded.schemaVersion(), encoded.data(), ring))
                    .as(name).isEqualTo(event);
        });
        assertThat(Aggregates.JOB.events().encode(UUID.randomUUID(), byName.get("job.requested"), key).data())
                .doesNotContain("Zürich");
        JobEvent noError = new JobProgressed(job, 0, -1, null);
        NewEvent encoded = Aggregates.JOB.events().encode(UUID.randomUUID(), noError);
        assertThat(Aggregates.JOB.events().decode(encoded.type(), 1, encoded.data())).isEqualTo(noError);
    }

    @Test
    void job_states_round_trip_through_snapshots() {
        JobId job = new JobId(UUID.randomUUID());
        List<JobState> states = List.of(
                JobState.initial(),
                new JobState(true, job, JobKind.ROLLUP, collection, new UserId("ann"), JobStatus.COMPLETED, "job/t/j",
                        12, 12, "row 3: skipped", new JobSummary(0, 11, 1), null, 0),
                new JobState(true, job, JobKind.FORMULA, collection, new UserId("ann"), JobStatus.COMPENSATED, "job/t/j",
                        4, -1, null, null, null, 4));
        StreamId stream = Aggregates.JOB.stream(UUID.randomUUID(), job.value());
        assertThat(stream.value()).startsWith("job:");
        for (JobState state : states) {
            String json = Aggregates.JOB.states().encode(state);
            assertThat(Aggregates.JOB.states().decode(new StoredSnapshot(stream, 3, JobState.SCHEMA_VERSION, json)))
                    .contains(state);
        }
    }
}
