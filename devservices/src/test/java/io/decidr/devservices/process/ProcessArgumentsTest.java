package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessArgumentsTest {

    @Test
    void readsArgumentsBeyondTheFourKilobytesTheJdkReports() throws IOException, InterruptedException {
        String longArgument = "x".repeat(10_000);
        Process process = new ProcessBuilder("sh", "-c", "sleep 30", longArgument, "-Dmarker=last").start();
        try {
            assertThat(ProcessArguments.of(process.toHandle()))
                    .containsSubsequence(List.of("sleep 30", longArgument, "-Dmarker=last"));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
