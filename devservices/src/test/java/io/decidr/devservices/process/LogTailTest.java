package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path folder;

    @Test
    void keepsTheLastLinesAndShortensHugeOnes() throws IOException {
        Path log = Files.writeString(folder.resolve("system.log"),
                "one\ntwo\n" + "x".repeat(5_000) + "\nfour\n");

        String tail = LogTail.of(log, 2);

        assertThat(tail.lines()).hasSize(2);
        assertThat(tail.lines().toList().get(0)).hasSizeLessThan(500).endsWith("[...]");
        assertThat(tail.lines().toList().get(1)).isEqualTo("four");
    }

    @Test
    void saysSoWhenThereIsNoLog() {
        assertThat(LogTail.of(folder.resolve("missing.log"), 5)).startsWith("(no ");
    }
}
