package io.decidr.helm;

import static io.decidr.helm.RenderTest.assertNoSecretsIn;
import static io.decidr.helm.RenderTest.assertRestricted;
import static io.decidr.helm.RenderTest.plainEnv;
import static io.decidr.helm.RenderTest.secretRefs;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.helm.DecidrChart.Manifests;
import io.decidr.helm.DecidrChart.Values;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schema migrations: a Job that runs once per release, before the install's and each upgrade's objects.
 *
 * <p>helm template (and so helm-java) prints the release's manifest without its hooks. The test renders a copy of
 * the chart whose hook annotations are renamed ({@code helm.sh/hook} to {@value #RENAMED}): Helm then keeps those
 * objects in the manifest, and the renamed annotations say what the real ones are. RenderTest checks the other half:
 * with the real annotations, Helm takes the Job and its ConfigMap out of the manifest, as hooks.
 */
class MigrationHookTest {

    static final String RENAMED = "unhooked.decidr.test/hook";

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Values.class)
    void migrationsRunOnceAsAPreInstallAndPreUpgradeHook(Values values) throws IOException {
        Manifests manifests = renderWithoutHooks(values);

        Job job = manifests.one(Job.class, "decidr-migrations");
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        assertThat(annotations)
                .containsEntry(RENAMED, "pre-install,pre-upgrade")
                .containsEntry(RENAMED + "-delete-policy", "before-hook-creation,hook-succeeded")
                .containsEntry(RENAMED + "-weight", "0");

        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container container = pod.getContainers().get(0);
        assertThat(plainEnv(container))
                .containsEntry("DECIDR_MIGRATIONS_MODE", "only")
                .containsEntry("DECIDR_ROLES_API_ENABLED", "false")
                .containsEntry("DECIDR_ROLES_WORKER_ENABLED", "false")
                .containsEntry("DECIDR_ROLES_PROJECTOR_ENABLED", "false");
        assertRestricted(pod.getSecurityContext(), container.getSecurityContext());

        // the same image and secrets as the roles
        Container api = RenderTest.container(manifests.one(Deployment.class, "decidr-api"));
        assertThat(container.getImage()).isEqualTo(api.getImage());
        assertThat(secretRefs(container)).isEqualTo(secretRefs(api));
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));

        // its settings: a hook too, made before it (a pre-install hook runs before the release's own ConfigMap exists)
        String configName = container.getEnvFrom().get(0).getConfigMapRef().getName();
        ConfigMap hookConfig = manifests.one(ConfigMap.class, configName);
        assertThat(hookConfig.getMetadata().getAnnotations())
                .containsEntry(RENAMED, "pre-install,pre-upgrade")
                .containsEntry(RENAMED + "-delete-policy", "before-hook-creation,hook-succeeded");
        assertThat(Integer.parseInt(hookConfig.getMetadata().getAnnotations().get(RENAMED + "-weight")))
                .isLessThan(Integer.parseInt(annotations.get(RENAMED + "-weight")));
        assertThat(hookConfig.getData()).isEqualTo(manifests.one(ConfigMap.class, "decidr-config").getData());
        assertNoSecretsIn(hookConfig);

        // nothing else is a hook; every Deployment skips the migrations
        List<String> hooks = manifests.objects().stream()
                .filter(o -> o.getMetadata().getAnnotations() != null
                        && o.getMetadata().getAnnotations().containsKey(RENAMED))
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        assertThat(hooks).containsExactlyInAnyOrder("Job/decidr-migrations", "ConfigMap/" + configName);
        assertThat(manifests.all(Deployment.class)).hasSize(3).allSatisfy(deployment ->
                assertThat(plainEnv(RenderTest.container(deployment))).containsEntry("DECIDR_MIGRATIONS_MODE", "skip"));
        // a pre-install hook cannot use the ServiceAccount the release is about to make
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(manifests.objects()).extracting(HasMetadata::getKind).doesNotContain("Secret");
    }

    private Manifests renderWithoutHooks(Values values) throws IOException {
        Path chart = DecidrChart.copy(temp.resolve("decidr"));
        try (Stream<Path> templates = Files.list(chart.resolve("templates"))) {
            for (Path template : templates.toList()) {
                String text = Files.readString(template);
                Files.writeString(template, text.replace("helm.sh/hook", RENAMED));
            }
        }
        return new Manifests(StrictManifests.parseAll(DecidrChart.template(chart,
                values.files(), Map.of())));
    }
}
