package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OwnerMarkerTest {

    /** A property of this test alone, so that no real server is ever touched. */
    private final OwnerMarker marker = new OwnerMarker("decidr.test-" + UUID.randomUUID() + ".owner");

    @Test
    void stops_the_servers_whose_launcher_died_and_only_those() throws IOException, InterruptedException {
        Process deadLauncher = new ProcessBuilder("true").start();
        deadLauncher.waitFor(10, TimeUnit.SECONDS);
        Process orphan = server(marker.argument(deadLauncher.pid()));
        Process owned = server(marker.argument());
        List<List<String>> gone = new ArrayList<>();
        try {
            assertThat(marker.owner(owned.toHandle())).hasValue(ProcessHandle.current().pid());
            assertThat(marker.servers()).containsExactlyInAnyOrder(orphan.toHandle(), owned.toHandle());

            marker.stopOrphans("test server", Duration.ofSeconds(10), gone::add);

            assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("the orphan stopped").isTrue();
            assertThat(owned.isAlive()).as("a server of a live launcher").isTrue();
            assertThat(gone).hasSize(1);
            assertThat(gone.getFirst()).contains(marker.argument(deadLauncher.pid()));
        } finally {
            orphan.destroyForcibly();
            owned.destroyForcibly();
        }
    }

    @Test
    void a_process_without_the_marker_has_no_owner() throws IOException {
        Process unmarked = server("-Dsomething.else=1");
        try {
            assertThat(marker.owner(unmarked.toHandle())).isEmpty();
        } finally {
            unmarked.destroyForcibly();
        }
    }

    /** A long-running process whose command line ends with the given argument. */
    private static Process server(String argument) throws IOException {
        return new ProcessBuilder("sh", "-c", "sleep 60", argument).start();
    }
}
