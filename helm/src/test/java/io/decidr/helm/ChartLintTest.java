package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.decidr.helm.DecidrChart.Values;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * helm lint --strict: the chart itself, and a copy whose values.yaml holds the defaults with each shipped values file
 * merged in (lint reads values.yaml only). Misspelled values fail it through values.schema.json.
 */
class ChartLintTest {

    @TempDir
    Path temp;

    @Test
    void theChartPassesStrictLint() {
        LintResult lint = DecidrChart.lint(DecidrChart.DIR);

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void eachShippedValuesFilePassesStrictLint(Values values) {
        Path chart = DecidrChart.copy(temp.resolve("decidr"));
        DecidrChart.mergeIntoValues(chart, DecidrChart.valuesFile(values));

        LintResult lint = DecidrChart.lint(chart);

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void aNumberGivenAsAWordFailsLint() {
        Path chart = DecidrChart.copy(temp.resolve("decidr"));
        DecidrChart.mergeIntoValues(chart, Map.of("api", Map.of("replicaCount", "three")));

        LintResult lint = DecidrChart.lint(chart);

        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("replicaCount");
    }

    @Test
    void anUnknownKeyFailsLint() {
        Path chart = DecidrChart.copy(temp.resolve("decidr"));
        DecidrChart.mergeIntoValues(chart, Map.of("postgresql", Map.of("hostname", "db.example.com")));

        LintResult lint = DecidrChart.lint(chart);

        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("hostname");
    }
}
