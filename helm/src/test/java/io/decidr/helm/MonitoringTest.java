package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.helm.DecidrChart.Manifests;
import io.decidr.helm.DecidrChart.Values;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard: off by default; when on, a PrometheusRule (read into the Prometheus Operator's model as
 * strictly as the other manifests) and a ConfigMap holding the dashboard JSON. Which meters they use is checked against
 * a real scrape by platform-api's JobsIT ({@link #METRIC}).
 */
class MonitoringTest {

    /** A meter name in an expression, as Prometheus names the platform's, the Temporal SDK's and GraphQL's meters. */
    static final Pattern METRIC = Pattern.compile("\\b((?:decidr|temporal|graphql)_[a-z0-9_]+)\\b");

    @Test
    void nothingForMonitoringIsRenderedByDefault() {
        for (Values values : Values.values()) {
            Manifests manifests = DecidrChart.render(values);
            assertThat(manifests.all(PrometheusRule.class)).as("%s", values).isEmpty();
            assertThat(manifests.all(ConfigMap.class)).as("%s", values)
                    .noneMatch(map -> map.getMetadata().getName().endsWith("-dashboard"));
        }
    }

    @Test
    void theRulesAlertOnProjectorLagParkedEventsTheXminHorizonAndStuckJobs() {
        Manifests manifests = DecidrChart.render(Values.PRODUCTION, Map.of(
                "monitoring.prometheusRule.enabled", true,
                "monitoring.prometheusRule.labels.release", "kube-prometheus-stack",
                "monitoring.prometheusRule.projectorLagSeconds", 120));
        PrometheusRule rules = manifests.one(PrometheusRule.class, "decidr");
        assertThat(rules.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        List<Rule> all = rules.getSpec().getGroups().stream().flatMap(group -> group.getRules().stream()).toList();
        assertThat(all).extracting(Rule::getAlert).containsExactlyInAnyOrder("DecidrProjectorLagging",
                "DecidrProjectorNotRunning", "DecidrParkedEvents", "DecidrTransactionHoldsReadersBack", "DecidrJobsStuck",
                "DecidrJobsLost", "DecidrOutboxBehind");
        Map<String, String> expressions = new java.util.HashMap<>();
        all.forEach(rule -> expressions.put(rule.getAlert(), rule.getExpr().getStrVal()));
        assertThat(expressions.get("DecidrProjectorLagging"))
                .isEqualTo("max by (projector) (decidr_projector_lag_seconds{namespace=\"decidr\"}) > 120");
        assertThat(expressions.get("DecidrParkedEvents")).contains("decidr_projector_parked");
        assertThat(expressions.get("DecidrTransactionHoldsReadersBack")).contains("decidr_eventstore_xmin_age_seconds");
        assertThat(expressions.get("DecidrJobsStuck")).contains("decidr_jobs_stuck");
        assertThat(expressions.get("DecidrOutboxBehind"))
                .isEqualTo("max(decidr_outbox_oldest_age_seconds{namespace=\"decidr\"}) > 300");
        assertThat(all).allSatisfy(rule -> {
            assertThat(rule.getLabels()).containsKey("severity");
            assertThat(rule.getAnnotations()).containsKeys("summary", "description");
        });
    }

    @Test
    void theDashboardIsTheChartsJsonInAConfigMapForGrafanasSidecar() throws IOException {
        Manifests manifests = DecidrChart.render(Values.DEFAULT, Map.of("monitoring.grafanaDashboard.enabled", true));
        ConfigMap dashboard = manifests.one(ConfigMap.class, "decidr-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        String json = dashboard.getData().get("decidr.json");
        assertThat(json.strip()).isEqualTo(Files.readString(DecidrChart.DIR.resolve("files/grafana/decidr.json")).strip());
        Map<String, Object> parsed = StrictManifests.parseMap(json);
        assertThat(parsed).containsEntry("uid", "decidr-overview");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> panels = (List<Map<String, Object>>) parsed.get("panels");
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10).allSatisfy(panel -> assertThat(panel.get("targets")).isNotNull());
        assertThat(metrics(json)).contains("decidr_commands_seconds_bucket", "decidr_commands_conflicts_total",
                "decidr_appends_seconds_bucket", "decidr_projector_lag_events", "decidr_projector_lag_seconds",
                "decidr_projector_events_total", "decidr_projector_parked", "decidr_jobs_items_total",
                "decidr_eventstore_xmin_age_seconds", "graphql_request_seconds_count");
    }

    /** The meter names an expression text uses. */
    static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
