package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.helm.DecidrChart.Values;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What helm install prints afterwards: where the API, GraphiQL and the Temporal UI are. */
class NotesTest {

    @Test
    void productionNotesNameTheApiAndTheTemporalUi() {
        String notes = DecidrChart.notes(Values.PRODUCTION, Map.of());

        assertThat(notes)
                .contains("GraphQL API: https://decidr.example.com/graphql")
                .contains("Temporal UI: https://temporal.example.com (namespace decidr)")
                .contains("decidr-migrations")
                .contains("decidr-api: 3 to 10 replicas (HPA)")
                .contains("decidr-worker: 2 replica(s)")
                .contains("decidr-projector: 2 replica(s)")
                .doesNotContain("GraphiQL");
    }

    @Test
    void withoutIngressTheNotesSayHowToReachTheApi() {
        String notes = DecidrChart.notes(Values.MINIMAL, Map.of());

        assertThat(notes)
                .contains("kubectl --namespace decidr port-forward service/decidr-api 8080:8080")
                .contains("http://127.0.0.1:8080/graphql")
                .contains("Temporal UI: not set")
                .contains("temporal.uiUrl")
                .doesNotContain("GraphiQL");
    }

    @Test
    void graphiqlIsListedOnlyWhenEnabled() {
        String notes = DecidrChart.notes(Values.PRODUCTION, Map.of("graphiql.enabled", true));

        assertThat(notes).contains("GraphiQL: https://decidr.example.com/graphiql");
    }
}
