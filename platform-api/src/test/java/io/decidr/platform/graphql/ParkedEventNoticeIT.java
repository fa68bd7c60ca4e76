package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.StreamId;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.CapturedLog;
import io.decidr.platform.support.PlatformTest;
import io.decidr.projections.runtime.Projector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A parked event shows its tenant's operators a stable code, a short message and an incident id; the exception the
 * projector got (its class, its text) is only in the log, at ERROR, under that incident id.
 */
class ParkedEventNoticeIT extends PlatformTest {

    @Autowired
    PostgresEventStore store;

    @Test
    @SuppressWarnings("unchecked")
    void a_parked_event_shows_a_code_and_an_incident_id_and_the_exception_is_only_in_the_log() {
        Api api = new Api(port);
        UUID tenant = UUID.fromString(api.as(api.token(null, "root", "platform-admin"))
                .document("mutation { registerTenant(name: \"Parkers\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        HttpGraphQlTester operator = api.as(api.token(tenant, "ops", "operator"));
        StreamId poisoned = StreamId.of("entity", tenant, UUID.randomUUID());
        UUID eventId = UUID.randomUUID();
        String query = "{ projectors { name parked { streamId eventId type error code incident attempts } } }";

        try (CapturedLog log = CapturedLog.of(Projector.class)) {
            // an event type no projector knows: applying it fails every attempt
            store.append(new AppendRequest("test", tenant, poisoned, 0,
                    List.of(new NewEvent(eventId, "entity.from-the-future", 1, "{}")),
                    EventMetadata.direct(UUID.randomUUID(), "time-traveller"))).block(Duration.ofSeconds(30));
            Api.eventually(() -> parked(operator, query, eventId) != null, Duration.ofSeconds(30), "the event to be parked");

            Map<String, Object> parked = parked(operator, query, eventId);
            assertThat(parked).containsEntry("type", "entity.from-the-future").containsEntry("code", "PROJECTION_FAILED");
            String incident = (String) parked.get("incident");
            assertThat(incident).isNotBlank();
            assertThat((String) parked.get("error"))
                    .isEqualTo("PROJECTION_FAILED: the projector could not apply this event; incident " + incident)
                    .doesNotContain("Exception", "java.", "com.datastax", "io.decidr");

            List<ILoggingEvent> logged = log.errorsContaining("incident " + incident);
            assertThat(logged).as("the failure is logged under the incident id the operator sees").hasSize(1);
            assertThat(logged.getFirst().getThrowableProxy()).as("with the exception").isNotNull();
            assertThat(logged.getFirst().getFormattedMessage()).contains(poisoned.value(), eventId.toString());
        } finally {
            operator.document("mutation($s: String!, $e: ID!) { skipParkedEvent(projector: \"entities\", streamId: $s, eventId: $e) }")
                    .variable("s", poisoned.value()).variable("e", eventId.toString()).execute();
        }
    }

    /** The event as the entities projector's parked list shows it, or null while it is not there. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parked(HttpGraphQlTester operator, String query, UUID eventId) {
        List<Map<String, Object>> parked = operator.document(query).execute()
                .path("projectors[?(@.name == 'entities')].parked[*]").entityList(Map.class).get().stream()
                .map(event -> (Map<String, Object>) event).toList();
        return parked.stream().filter(event -> eventId.toString().equals(event.get("eventId"))).findFirst().orElse(null);
    }
}
