package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.helm.DecidrChart.Manifests;
import io.decidr.helm.DecidrChart.Values;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The messaging values: the transport the workers use, and Eventuate's CDC service when it relays instead. */
class MessagingChartTest {

    @Test
    void byDefaultTheWorkersRelayTheOutboxThemselvesAndNoCdcRuns() {
        Manifests manifests = DecidrChart.render(Values.DEFAULT);
        Map<String, String> config = manifests.one(ConfigMap.class, "decidr-config").getData();

        assertThat(config).doesNotContainKeys("DECIDR_MESSAGING_TRANSPORT", "DECIDR_MESSAGING_RELAY_ENABLED")
                .containsEntry("DECIDR_MESSAGING_RELAY_RETENTION", "7d");
        assertThat(manifests.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .doesNotContain("decidr-cdc");
    }

    @Test
    void withKafkaAndTheCdcServiceTheWorkersConsumeFromKafkaAndTheCdcReadsTheOutbox() {
        Manifests manifests = DecidrChart.render(Values.PRODUCTION, Map.of(
                "messaging.transport", "kafka",
                "messaging.kafka.bootstrapServers", "kafka-0.kafka:9092,kafka-1.kafka:9092",
                "messaging.cdc.enabled", true,
                "messaging.cdc.image.tag", "0.17.0.RELEASE"));
        Map<String, String> config = manifests.one(ConfigMap.class, "decidr-config").getData();
        assertThat(config).containsEntry("DECIDR_MESSAGING_TRANSPORT", "kafka")
                .containsEntry("DECIDR_MESSAGING_KAFKA_BOOTSTRAP_SERVERS", "kafka-0.kafka:9092,kafka-1.kafka:9092")
                .containsEntry("DECIDR_MESSAGING_RELAY_ENABLED", "false");

        Deployment cdc = manifests.one(Deployment.class, "decidr-cdc");
        Container container = cdc.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("eventuateio/eventuate-cdc-service:0.17.0.RELEASE");
        Map<String, String> env = container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "PostgresWal,KafkaLeadership")
                .containsEntry("SPRING_DATASOURCE_URL",
                        "jdbc:postgresql://decidr-pg.databases.example.internal:5432/decidr")
                .containsEntry("EVENTUATELOCAL_KAFKA_BOOTSTRAP_SERVERS", "kafka-0.kafka:9092,kafka-1.kafka:9092")
                .containsEntry("EVENTUATELOCAL_CDC_READER_NAME", "PostgresWalReader")
                .containsEntry("EVENTUATE_CDC_TYPE", "EventuateTram");
        EnvVar password = container.getEnv().stream().filter(e -> e.getName().equals("SPRING_DATASOURCE_PASSWORD"))
                .findFirst().orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isNotBlank();
        RenderTest.assertRestricted(cdc.getSpec().getTemplate().getSpec().getSecurityContext(),
                container.getSecurityContext());
    }

    @Test
    void pollingReadsTheOutboxWithTheCdcsPollingProfile() {
        Manifests manifests = DecidrChart.render(Values.DEFAULT, Map.of(
                "messaging.transport", "kafka",
                "messaging.kafka.bootstrapServers", "kafka:9092",
                "messaging.cdc.enabled", true,
                "messaging.cdc.image.tag", "0.17.0.RELEASE",
                "messaging.cdc.reader", "PostgresPollingReader"));
        Container container = manifests.one(Deployment.class, "decidr-cdc").getSpec().getTemplate().getSpec()
                .getContainers().getFirst();
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("SPRING_PROFILES_ACTIVE"))
                .extracting(EnvVar::getValue).containsExactly("EventuatePolling,KafkaLeadership");
    }

    @Test
    void webhooksAreSentFromTheWorkersNeverToThePlatformsOwnNames() {
        Map<String, String> config = DecidrChart.render(Values.DEFAULT).one(ConfigMap.class, "decidr-config")
                .getData();
        assertThat(config).containsEntry("DECIDR_WEBHOOKS_ENABLED", "true")
                .containsEntry("DECIDR_WEBHOOKS_ALLOW_HTTP", "false")
                .containsEntry("DECIDR_WEBHOOKS_DISPATCHER_GIVE_UP_AFTER", "24h")
                .doesNotContainKey("DECIDR_WEBHOOKS_ALLOWED_NETWORKS");
        assertThat(config.get("DECIDR_WEBHOOKS_PLATFORM_HOSTS").split(",")).contains("decidr-api",
                "decidr-api.decidr.svc.cluster.local").doesNotContain("decidr.example.com");

        Map<String, String> exposed = DecidrChart.render(Values.DEFAULT, Map.of(
                        "ingress.enabled", true,
                        "webhooks.allowedNetworks[0]", "10.20.0.0/16",
                        "webhooks.platformHosts[0]", "api.decidr.example.com",
                        "webhooks.platformNetworks[0]", "203.0.113.7/32"))
                .one(ConfigMap.class, "decidr-config").getData();
        assertThat(exposed).containsEntry("DECIDR_WEBHOOKS_ALLOWED_NETWORKS", "10.20.0.0/16")
                .containsEntry("DECIDR_WEBHOOKS_PLATFORM_NETWORKS", "203.0.113.7/32");
        assertThat(exposed.get("DECIDR_WEBHOOKS_PLATFORM_HOSTS").split(",")).contains("api.decidr.example.com",
                "decidr.example.com", "decidr-api");
    }

    @Test
    void temporalPayloadEncryptionTakesItsKeysFromTheSecretInEveryContainerThatRunsTheApplication() {
        // on by default, its key from the Secret the chart names (helm/README "Secrets")
        Manifests defaults = DecidrChart.render(Values.DEFAULT);
        assertThat(defaults.one(ConfigMap.class, "decidr-config").getData())
                .containsEntry("DECIDR_TEMPORAL_ENCRYPTION_ENABLED", "true")
                .containsEntry("DECIDR_TEMPORAL_ENCRYPTION_ACTIVE_KEY", "k1");
        assertThat(defaults.one(Deployment.class, "decidr-api").getSpec().getTemplate().getSpec().getContainers()
                .getFirst().getEnv()).anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("DECIDR_TEMPORAL_ENCRYPTION_KEYS_K1");
                    assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("decidr-temporal-payload-keys");
                });
        // switched off, the application is told so (it encrypts unless told)
        Map<String, String> off = DecidrChart.render(Values.DEFAULT, Map.of("temporal.encryption.enabled", false))
                .one(ConfigMap.class, "decidr-config").getData();
        assertThat(off).containsEntry("DECIDR_TEMPORAL_ENCRYPTION_ENABLED", "false")
                .doesNotContainKey("DECIDR_TEMPORAL_ENCRYPTION_ACTIVE_KEY");

        Manifests manifests = DecidrChart.render(Values.DEFAULT, Map.of(
                "temporal.encryption.enabled", true,
                "temporal.encryption.existingSecret", "decidr-payload-keys",
                "temporal.encryption.keys[0]", "k2025",
                "temporal.encryption.keys[1]", "k2026",
                "temporal.encryption.activeKey", "k2026",
                "temporal.encryption.uiOrigins[0]", "https://temporal.example.com"));
        assertThat(manifests.one(ConfigMap.class, "decidr-config").getData())
                .containsEntry("DECIDR_TEMPORAL_ENCRYPTION_ENABLED", "true")
                .containsEntry("DECIDR_TEMPORAL_ENCRYPTION_ACTIVE_KEY", "k2026")
                .containsEntry("DECIDR_TEMPORAL_ENCRYPTION_UI_ORIGINS", "https://temporal.example.com");
        for (Deployment deployment : manifests.all(Deployment.class)) {
            if (deployment.getMetadata().getName().equals("decidr-cdc")) {
                continue;
            }
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getEnv()).as(deployment.getMetadata().getName())
                    .filteredOn(e -> e.getName().startsWith("DECIDR_TEMPORAL_ENCRYPTION_KEYS_"))
                    .extracting(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName(),
                            e -> e.getValueFrom().getSecretKeyRef().getKey())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("DECIDR_TEMPORAL_ENCRYPTION_KEYS_K2025",
                                    "decidr-payload-keys", "k2025"),
                            org.assertj.core.groups.Tuple.tuple("DECIDR_TEMPORAL_ENCRYPTION_KEYS_K2026",
                                    "decidr-payload-keys", "k2026"));
        }
    }

    @Test
    void personalDataMasterKeysComeFromTheirSecretIntoEveryApplicationContainer() {
        Map<String, String> defaults = DecidrChart.render(Values.DEFAULT).one(ConfigMap.class, "decidr-config").getData();
        assertThat(defaults).containsEntry("DECIDR_PERSONALDATA_ACTIVEMASTERKEY", "m1")
                .containsEntry("DECIDR_PERSONALDATA_KEYCACHE", "2s");

        Manifests manifests = DecidrChart.render(Values.DEFAULT, Map.of(
                "personalData.existingSecret", "decidr-master-keys",
                "personalData.masterKeys[0]", "m2025",
                "personalData.masterKeys[1]", "m2026",
                "personalData.activeMasterKey", "m2026"));
        assertThat(manifests.one(ConfigMap.class, "decidr-config").getData())
                .containsEntry("DECIDR_PERSONALDATA_ACTIVEMASTERKEY", "m2026");
        for (Deployment deployment : manifests.all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getEnv()).as(deployment.getMetadata().getName())
                    .filteredOn(e -> e.getName().startsWith("DECIDR_PERSONALDATA_MASTERKEYS_"))
                    .extracting(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName(),
                            e -> e.getValueFrom().getSecretKeyRef().getKey())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("DECIDR_PERSONALDATA_MASTERKEYS_M2025",
                                    "decidr-master-keys", "m2025"),
                            org.assertj.core.groups.Tuple.tuple("DECIDR_PERSONALDATA_MASTERKEYS_M2026",
                                    "decidr-master-keys", "m2026"));
        }
    }
}
