package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The parser the render tests rely on refuses what the Kubernetes model does not know. */
class StrictManifestsTest {

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            spec:
              %s: 2
              selector:
                matchLabels:
                  app: d
              template:
                metadata:
                  labels:
                    app: d
                spec:
                  containers:
                    - name: c
                      image: i
                      %s:
                        httpGet:
                          path: /actuator/health/readiness
                          port: management
            """;

    @Test
    void aWellFormedDeploymentParses() {
        assertThat(StrictManifests.parseAll("---\n# Source: x\n" + DEPLOYMENT.formatted("replicas", "readinessProbe")))
                .singleElement().isInstanceOfSatisfying(Deployment.class, deployment -> {
                    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
                    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
                            .getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
                });
    }

    @Test
    void aMisspelledFieldFails() {
        assertThatThrownBy(() -> StrictManifests.parseAll(DEPLOYMENT.formatted("replicas", "readinesProbe")))
                .hasMessageContaining("readinesProbe");
        assertThatThrownBy(() -> StrictManifests.parseAll(DEPLOYMENT.formatted("replica", "readinessProbe")))
                .hasMessageContaining("replica");
    }

    @Test
    void anUnknownKindFails() {
        assertThatThrownBy(() -> StrictManifests.parseAll("""
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                spec:
                  size: 3
                """)).isInstanceOf(AssertionError.class);
    }

    @Test
    void emptyDocumentsAreSkipped() {
        assertThat(StrictManifests.parseAll("---\n# Source: empty.yaml\n---\n")).isEmpty();
    }
}
