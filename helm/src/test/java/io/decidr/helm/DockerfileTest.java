package io.decidr.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image the chart runs (the root Dockerfile) cannot be built here; this keeps it in step with the chart and with
 * the jar platform-api builds.
 */
class DockerfileTest {

    @Test
    void theImageIsBuiltFromThePlatformJarItsLayersAndRunsAsTheChartsUser() throws IOException {
        String dockerfile = Files.readString(DecidrChart.ROOT.resolve("Dockerfile"));
        String pom = Files.readString(DecidrChart.ROOT.resolve("platform-api/pom.xml"));
        String jar = "platform-api/target/" + single(pom, "<finalName>([^<]+)</finalName>") + "-"
                + single(pom, "<classifier>([^<]+)</classifier>") + ".jar";

        assertThat(dockerfile)
                .contains("COPY " + jar + " app.jar")
                .contains("java -Djarmode=tools -jar app.jar extract --layers --launcher")
                .containsPattern("(?m)^FROM eclipse-temurin:21-jre")
                .contains("USER 10001:10001")
                .contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(dockerfile).contains("COPY --from=extract /build/extracted/" + layer + "/ ./");
        }
        assertThat(Files.readAllLines(DecidrChart.ROOT.resolve(".dockerignore"))).contains("*", "!" + jar);
    }

    private static String single(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        String value = matcher.group(1);
        assertThat(matcher.find()).as("one " + regex).isFalse();
        return value;
    }
}
