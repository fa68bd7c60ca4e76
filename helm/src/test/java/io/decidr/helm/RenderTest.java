package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.helm.DecidrChart.Manifests;
import io.decidr.helm.DecidrChart.Values;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** helm template for the shipped values (defaults, production, minimal), read as typed Kubernetes objects. */
class RenderTest {

    static final List<String> ROLES = List.of("api", "worker", "projector");

    /** Env names that would hold a secret: they must come from a Secret. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|APIKEY|API_KEY|TOKEN)$");

    /** Anything in a ConfigMap key that names a secret. */
    static final Pattern SECRET_WORD = Pattern.compile("(?i).*(password|secret|api[-_]?key|token|credential).*");

    @ParameterizedTest
    @EnumSource(Values.class)
    void rendersExactlyTheExpectedObjects(Values values) {
        Manifests manifests = DecidrChart.render(values);

        assertThat(manifests.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactly("decidr-api", "decidr-worker", "decidr-projector");
        assertThat(manifests.all(Service.class)).extracting(s -> s.getMetadata().getName()).containsExactly("decidr-api");
        assertThat(manifests.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                .containsExactly("decidr-config");
        assertThat(manifests.all(ServiceAccount.class)).hasSize(1);
        // the chart never makes a Secret: it only refers to existing ones
        assertThat(manifests.objects()).extracting(HasMetadata::getKind).doesNotContain("Secret");
        // the migration Job and its settings are hooks: Helm keeps them out of the release's manifest
        assertThat(manifests.all(Job.class)).isEmpty();
        assertThat(manifests.objects()).extracting(o -> o.getMetadata().getName()).doesNotContain("decidr-migrations");
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void eachDeploymentRunsExactlyItsOwnRole(Values values) {
        Manifests manifests = DecidrChart.render(values);

        for (String role : ROLES) {
            Deployment deployment = manifests.one(Deployment.class, "decidr-" + role);
            Map<String, String> env = plainEnv(container(deployment));
            assertThat(env).as(role)
                    .containsEntry("DECIDR_ROLES_API_ENABLED", String.valueOf(role.equals("api")))
                    .containsEntry("DECIDR_ROLES_WORKER_ENABLED", String.valueOf(role.equals("worker")))
                    .containsEntry("DECIDR_ROLES_PROJECTOR_ENABLED", String.valueOf(role.equals("projector")))
                    .containsEntry("DECIDR_MIGRATIONS_MODE", "skip");
            assertThat(container(deployment).getName()).isEqualTo(role);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/component", role)
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(container(deployment).getEnvFrom()).singleElement()
                    .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo("decidr-config"));
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void probesAskTheHealthGroupsOnTheManagementPort(Values values) {
        for (Deployment deployment : DecidrChart.render(values).all(Deployment.class)) {
            Container container = container(deployment);
            assertThat(container.getPorts()).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("management");
                assertThat(port.getContainerPort()).isEqualTo(8081);
            });
            assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
            assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
            assertProbe(container.getStartupProbe(), "/actuator/health/liveness");
            Probe startup = container.getStartupProbe();
            assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                    .as("seconds a start may take").isGreaterThanOrEqualTo(120);
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void podsRunAsNonRootOnAReadOnlyRootFilesystem(Values values) {
        for (Deployment deployment : DecidrChart.render(values).all(Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertRestricted(pod.getSecurityContext(), container(deployment).getSecurityContext());
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getVolumes()).anySatisfy(volume -> {
                assertThat(volume.getName()).isEqualTo("tmp");
                assertThat(volume.getEmptyDir()).isNotNull();
            });
            assertThat(container(deployment).getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getName()).isEqualTo("tmp");
                assertThat(mount.getMountPath()).isEqualTo("/tmp");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void secretsComeOnlyFromExistingSecrets(Values values) {
        Manifests manifests = DecidrChart.render(values);

        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (EnvVar env : container(deployment).getEnv()) {
                if (SECRET_NAME.matcher(env.getName()).matches()) {
                    assertThat(env.getValue()).as(env.getName()).isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                }
            }
            assertThat(secretRefs(container(deployment))).containsKey("SPRING_R2DBC_PASSWORD");
        }
        assertNoSecretsIn(manifests.one(ConfigMap.class, "decidr-config"));
    }

    @Test
    void theDefaultsReferToTheDocumentedSecrets() {
        Container api = container(DecidrChart.render(Values.DEFAULT).one(Deployment.class, "decidr-api"));

        assertThat(secretRefs(api)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SPRING_R2DBC_PASSWORD", "decidr-postgresql/password",
                "DECIDR_SECURITY_HMAC_SECRET", "decidr-jwt/hmac-secret",
                "DECIDR_TEMPORAL_ENCRYPTION_KEYS_K1", "decidr-temporal-payload-keys/k1",
                "DECIDR_PERSONALDATA_MASTERKEYS_M1", "decidr-master-keys/m1"));
    }

    @Test
    void tracingAndJsonLogsAreOffByDefault() {
        Map<String, String> config = DecidrChart.render(Values.DEFAULT).one(ConfigMap.class, "decidr-config").getData();

        assertThat(config).doesNotContainKeys("MANAGEMENT_TRACING_ENABLED", "MANAGEMENT_OTLP_TRACING_ENDPOINT",
                "LOGGING_STRUCTURED_FORMAT_CONSOLE");
    }

    @Test
    void productionWiresEverySettingFromItsValues() {
        Manifests manifests = DecidrChart.render(Values.PRODUCTION);
        Map<String, String> config = manifests.one(ConfigMap.class, "decidr-config").getData();

        assertThat(config)
                .containsEntry("SPRING_R2DBC_URL",
                        "r2dbc:postgresql://decidr-pg.databases.example.internal:5432/decidr?sslMode=verify-full")
                .containsEntry("SPRING_R2DBC_USERNAME", "decidr_app")
                .containsEntry("SPRING_CASSANDRA_CONTACT_POINTS", "cassandra-0.databases.example.internal:9042,"
                        + "cassandra-1.databases.example.internal:9042,cassandra-2.databases.example.internal:9042")
                .containsEntry("SPRING_CASSANDRA_LOCAL_DATACENTER", "dc1")
                .containsEntry("SPRING_CASSANDRA_KEYSPACE_NAME", "decidr")
                .containsEntry("SPRING_CASSANDRA_USERNAME", "decidr_app")
                .containsEntry("SPRING_TEMPORAL_CONNECTION_TARGET", "temporal-frontend.temporal.svc.cluster.local:7233")
                .containsEntry("SPRING_TEMPORAL_NAMESPACE", "decidr")
                .containsEntry("DECIDR_TEMPORAL_UI_URL", "https://temporal.example.com")
                .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI",
                        "https://login.example.com/realms/decidr")
                .containsEntry("SPRING_TEMPORAL_CONNECTION_MTLS_CERT_CHAIN_FILE", "/etc/decidr/temporal-mtls/tls.crt")
                .containsEntry("SPRING_TEMPORAL_CONNECTION_MTLS_KEY_FILE", "/etc/decidr/temporal-mtls/tls.key")
                .containsEntry("MANAGEMENT_TRACING_ENABLED", "true")
                .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.05")
                .containsEntry("MANAGEMENT_OTLP_TRACING_ENDPOINT",
                        "http://otel-collector.observability.svc.cluster.local:4318/v1/traces")
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
                .doesNotContainKey("DECIDR_SECURITY_ISSUER");
        // the replication map keeps its datacenter's case: JSON, not environment variable names
        assertThat(StrictManifests.parseMap(config.get("SPRING_APPLICATION_JSON")))
                .extractingByKey("spring").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("cassandra").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("replication").isEqualTo(Map.of("dc1", 3));

        Deployment api = manifests.one(Deployment.class, "decidr-api");
        assertThat(container(api).getImage()).isEqualTo("registry.example.com/decidr/platform-api:0.1.0");
        assertThat(plainEnv(container(api)).get("JAVA_TOOL_OPTIONS"))
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC");
        assertThat(secretRefs(container(api))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SPRING_R2DBC_PASSWORD", "decidr-postgresql/password",
                "SPRING_CASSANDRA_PASSWORD", "decidr-cassandra/password",
                "DECIDR_TEMPORAL_ENCRYPTION_KEYS_K1", "decidr-temporal-payload-keys/k1",
                "DECIDR_PERSONALDATA_MASTERKEYS_M1", "decidr-master-keys/m1"));
        var pod = api.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("temporal-mtls");
            assertThat(volume.getSecret().getSecretName()).isEqualTo("decidr-temporal-mtls");
        });
        assertThat(container(api).getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/decidr/temporal-mtls");
            assertThat(mount.getReadOnly()).isTrue();
        });

        assertThat(manifests.one(Deployment.class, "decidr-worker").getSpec().getReplicas()).isEqualTo(2);
        assertThat(manifests.one(Deployment.class, "decidr-projector").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void theApiKeyAndTheHmacSecretAreSecretReferencesToo() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("temporal.apiKey.existingSecret", "temporal-cloud");
        set.put("temporal.apiKey.key", "api-key");
        Container worker = container(DecidrChart.render(Values.MINIMAL, set).one(Deployment.class, "decidr-worker"));

        assertThat(secretRefs(worker))
                .containsEntry("SPRING_TEMPORAL_CONNECTION_APIKEY", "temporal-cloud/api-key")
                .containsEntry("DECIDR_SECURITY_HMAC_SECRET", "decidr-jwt/hmac-secret");
    }

    @ParameterizedTest
    @EnumSource(value = Values.class, names = {"DEFAULT", "MINIMAL"})
    void noAutoscalerNorIngressUnlessEnabled(Values values) {
        Manifests manifests = DecidrChart.render(values);

        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.all(Ingress.class)).isEmpty();
        assertThat(manifests.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isNotNull());
    }

    @Test
    void autoscalersForApiAndWorkerWhenEnabled() {
        Manifests manifests = DecidrChart.render(Values.PRODUCTION);

        assertThat(manifests.all(HorizontalPodAutoscaler.class)).extracting(h -> h.getMetadata().getName())
                .containsExactly("decidr-api");
        HorizontalPodAutoscaler api = manifests.one(HorizontalPodAutoscaler.class, "decidr-api");
        assertThat(api.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(api.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(api.getSpec().getScaleTargetRef().getName()).isEqualTo("decidr-api");
        assertThat(api.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(api.getSpec().getMaxReplicas()).isEqualTo(10);
        // the HPA owns the replica count: the Deployment leaves it alone
        assertThat(manifests.one(Deployment.class, "decidr-api").getSpec().getReplicas()).isNull();

        Manifests onlyWorker = DecidrChart.render(Values.DEFAULT, Map.of("worker.autoscaling.enabled", true));
        assertThat(onlyWorker.all(HorizontalPodAutoscaler.class)).singleElement().satisfies(worker -> {
            assertThat(worker.getSpec().getScaleTargetRef().getName()).isEqualTo("decidr-worker");
            assertThat(worker.getSpec().getMetrics()).extracting(metric -> metric.getResource().getName())
                    .containsExactly("cpu");
        });
        assertThat(onlyWorker.one(Deployment.class, "decidr-worker").getSpec().getReplicas()).isNull();
        assertThat(onlyWorker.one(Deployment.class, "decidr-api").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void ingressWithTlsWhenEnabled() {
        Ingress ingress = DecidrChart.render(Values.PRODUCTION).one(Ingress.class, "decidr-api");

        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("decidr-tls");
            assertThat(tls.getHosts()).containsExactly("decidr.example.com");
        });
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo("decidr-api");
        assertThat(backend.getPort().getName()).isEqualTo("http");

        assertThat(DecidrChart.render(Values.DEFAULT, Map.of("ingress.enabled", true)).all(Ingress.class)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void theServiceReachesOnlyTheApiAndEveryRoleHasADisruptionBudget(Values values) {
        Manifests manifests = DecidrChart.render(values);

        Service service = manifests.one(Service.class, "decidr-api");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "api");
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http")));
        Container api = container(manifests.one(Deployment.class, "decidr-api"));
        assertThat(api.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });

        for (String role : ROLES) {
            PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class, "decidr-" + role);
            Deployment deployment = manifests.one(Deployment.class, "decidr-" + role);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMinAvailable() != null || budget.getSpec().getMaxUnavailable() != null)
                    .isTrue();
        }
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The env entries given as plain values. */
    static Map<String, String> plainEnv(Container container) {
        return container.getEnv().stream().filter(e -> e.getValueFrom() == null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }

    /** The env entries taken from Secrets: name to secret/key. */
    static Map<String, String> secretRefs(Container container) {
        return container.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey()));
    }

    static void assertProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("management"));
    }

    static void assertRestricted(PodSecurityContext pod, SecurityContext container) {
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getRunAsNonRoot()).isTrue();
        assertThat(container.getRunAsUser()).isEqualTo(10001L);
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    /** No key of the ConfigMap, nor of the JSON settings in it, names a password, secret, API key or token. */
    static void assertNoSecretsIn(ConfigMap configMap) {
        assertThat(configMap.getData().keySet()).noneMatch(key -> SECRET_WORD.matcher(key).matches());
        assertThat(configMap.getBinaryData()).isNullOrEmpty();
        String json = configMap.getData().get("SPRING_APPLICATION_JSON");
        if (json != null) {
            assertThat(keysOf(StrictManifests.parseMap(json))).noneMatch(key -> SECRET_WORD.matcher(key).matches());
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> keysOf(Map<String, Object> map) {
        return map.entrySet().stream().flatMap(entry -> {
            if (entry.getValue() instanceof Map<?, ?> nested) {
                return java.util.stream.Stream.concat(java.util.stream.Stream.of(entry.getKey()),
                        keysOf((Map<String, Object>) nested).stream());
            }
            return java.util.stream.Stream.of(entry.getKey());
        }).toList();
    }
}
