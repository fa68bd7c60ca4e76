package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.helm.DecidrChart.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong values fail the render, with a message that names them (values.schema.json, and the chart's own checks). */
class ValuesSchemaTest {

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                wrong("a number as a word",
                        "at '/api/replicaCount': got string, want integer",
                        "api.replicaCount", "three"),
                wrong("a key at the wrong level",
                        "additional properties 'replicaCount' not allowed",
                        "replicaCount", 3),
                wrong("a misspelled key",
                        "at '/api': additional properties 'replicas' not allowed",
                        "api.replicas", 3),
                wrong("a misspelled group",
                        "additional properties 'workers' not allowed",
                        "workers.replicaCount", 2),
                wrong("autoscaling for the projector",
                        "at '/projector': additional properties 'autoscaling'",
                        "projector.autoscaling.enabled", true),
                wrong("an unknown consistency",
                        "at '/cassandra/consistency': value must be one of",
                        "cassandra.consistency", "QUORUMM"),
                wrong("a contact point without port",
                        "at '/cassandra/contactPoints/0'",
                        "cassandra.contactPoints[0]", "cassandra"),
                wrong("an unknown auth mode",
                        "at '/auth/mode'",
                        "auth.mode", "basic"),
                wrong("a Temporal target without port",
                        "at '/temporal/target'",
                        "temporal.target", "temporal-frontend"),
                wrong("the dev profile",
                        "at '/springProfiles/0'",
                        "springProfiles[0]", "dev"),
                wrong("no PostgreSQL password Secret",
                        "at '/postgresql/password/existingSecret'",
                        "postgresql.password.existingSecret", ""),
                wrong("a plain password value",
                        "at '/postgresql/password': got string, want object",
                        "postgresql.password", "hunter2"),
                wrong("issuer mode without an issuer",
                        "auth.mode=issuer needs auth.issuerUri",
                        "auth.mode", "issuer"),
                wrong("hmac mode without a Secret",
                        "auth.mode=hmac needs auth.hmac.existingSecret",
                        "auth.hmac.existingSecret", ""),
                wrong("a secret in the free-form config",
                        "config.spring.r2dbc.password looks like a secret",
                        "config.spring.r2dbc.password", "hunter2"),
                wrong("a secret as a plain env value",
                        "env DB_PASSWORD looks like a secret",
                        "extraEnv[0].name", "DB_PASSWORD", "extraEnv[0].value", "hunter2"),
                wrong("an unknown log format",
                        "at '/logs/format': value must be one of",
                        "logs.format", "json"),
                wrong("a sampling probability above one",
                        "at '/tracing/samplingProbability'",
                        "tracing.samplingProbability", 5),
                wrong("an OTLP endpoint without scheme",
                        "at '/tracing/otlpEndpoint'",
                        "tracing.otlpEndpoint", "otel-collector:4318"),
                wrong("a Cassandra password without user",
                        "cassandra.username is empty",
                        "cassandra.password.existingSecret", "decidr-cassandra"),
                wrong("an unknown messaging transport",
                        "at '/messaging/transport': value must be one of",
                        "messaging.transport", "rabbitmq"),
                wrong("Kafka without brokers",
                        "messaging.transport=kafka needs messaging.kafka.bootstrapServers",
                        "messaging.transport", "kafka"),
                wrong("the CDC service without Kafka",
                        "messaging.cdc.enabled needs messaging.transport=kafka",
                        "messaging.cdc.enabled", true),
                wrong("the CDC service without an image tag",
                        "messaging.cdc.image.tag: the release of the CDC service to run",
                        "messaging.transport", "kafka", "messaging.kafka.bootstrapServers", "kafka:9092",
                        "messaging.cdc.enabled", true),
                wrong("an unknown CDC reader",
                        "at '/messaging/cdc/reader': value must be one of",
                        "messaging.cdc.reader", "MySqlBinlog"),
                wrong("an allowed webhook network that is not a CIDR",
                        "at '/webhooks/allowedNetworks/0'",
                        "webhooks.allowedNetworks[0]", "intranet"),
                wrong("payload encryption whose active key is not among its keys",
                        "temporal.encryption.activeKey must be one of temporal.encryption.keys",
                        "temporal.encryption.enabled", true, "temporal.encryption.existingSecret", "keys",
                        "temporal.encryption.keys[0]", "k1", "temporal.encryption.activeKey", "k2"),
                wrong("payload encryption without its Secret",
                        "temporal.encryption.existingSecret: the Secret holding the payload keys",
                        "temporal.encryption.enabled", true, "temporal.encryption.existingSecret", "",
                        "temporal.encryption.keys[0]", "k1",
                        "temporal.encryption.activeKey", "k1"),
                wrong("personal data whose active master key is not among its keys",
                        "personalData.activeMasterKey must be one of personalData.masterKeys",
                        "personalData.existingSecret", "keys", "personalData.masterKeys[0]", "m1",
                        "personalData.activeMasterKey", "m2"),
                wrong("personal data master keys without their Secret",
                        "personalData.existingSecret: the Secret holding the master keys",
                        "personalData.existingSecret", "", "personalData.masterKeys[0]", "m1",
                        "personalData.activeMasterKey", "m1"),
                wrong("a master key id the environment could not name",
                        "at '/personalData/masterKeys/0'",
                        "personalData.existingSecret", "keys", "personalData.masterKeys[0]", "M-1",
                        "personalData.activeMasterKey", "M-1"),
                wrong("a webhook timeout without a unit",
                        "at '/webhooks/dispatcher/timeout'",
                        "webhooks.dispatcher.timeout", "10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongValues")
    void wrongValuesFailTheRender(String what, String message, Map<String, Object> set) {
        assertThatThrownBy(() -> DecidrChart.template(DecidrChart.DIR, Values.MINIMAL.files(), set))
                .as(what)
                .hasMessageContaining(message);
    }

    private static Arguments wrong(String what, String message, Object... keysAndValues) {
        Map<String, Object> set = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            set.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Arguments.of(what, message, set);
    }
}
