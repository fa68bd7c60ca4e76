package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared lifecycle, on shell scripts standing in for servers: "ready" once a file exists. */
class ServerProcessTest {

    @TempDir
    Path folder;

    @Test
    void returns_once_the_probe_answers_and_stops_the_server_then_cleans_up() throws IOException {
        AtomicBoolean cleanedUp = new AtomicBoolean();
        PidFile pidFile = new PidFile(folder.resolve("server.pid"));

        ServerProcess server = ServerProcess.start(launch("echo starting; sleep 0.3; touch ready; exec sleep 60")
                .withPidFile(pidFile).afterStop(() -> cleanedUp.set(true)));

        assertThat(server.answer()).isEqualTo("ready");
        assertThat(server.isAlive()).isTrue();
        assertThat(Files.readString(pidFile.file())).isEqualTo(Long.toString(server.pid()));
        server.stop();
        assertThat(server.isAlive()).isFalse();
        assertThat(pidFile.file()).doesNotExist();
        assertThat(cleanedUp).isTrue();
        assertThat(Files.readString(folder.resolve("server.log"))).contains("starting");
        server.stop();
    }

    @Test
    void a_killed_server_gets_no_chance_to_drain_and_is_cleaned_up_like_a_stopped_one() throws IOException {
        // the script drains (leaves a file) on SIGTERM, as a server does on stop
        String script = "trap 'touch drained; exit 0' TERM; touch ready; while :; do sleep 0.1; done";
        AtomicBoolean cleanedUp = new AtomicBoolean();
        PidFile pidFile = new PidFile(folder.resolve("server.pid"));
        ServerProcess killed = ServerProcess.start(launch(script).withPidFile(pidFile).afterStop(() -> cleanedUp.set(true)));

        killed.kill();

        assertThat(killed.isAlive()).isFalse();
        assertThat(folder.resolve("drained")).doesNotExist();
        assertThat(pidFile.file()).doesNotExist();
        assertThat(cleanedUp).isTrue();
        killed.kill();
        killed.stop();

        // the control: the same script stopped does drain
        Files.delete(folder.resolve("ready"));
        ServerProcess stopped = ServerProcess.start(launch(script));
        stopped.stop();
        assertThat(folder.resolve("drained")).exists();
    }

    @Test
    void a_server_that_exits_while_starting_fails_with_the_end_of_its_log() {
        assertThatThrownBy(() -> ServerProcess.start(launch("echo 'bad option'; exit 3")))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining("fake server exited with code 3 while starting")
                .hasMessageContaining("--- last lines of " + folder.resolve("server.log"))
                .hasMessageContaining("bad option");
    }

    @Test
    void a_server_that_does_not_answer_in_time_is_killed() throws IOException {
        PidFile pidFile = new PidFile(folder.resolve("server.pid"));
        AtomicInteger pid = new AtomicInteger();
        Launch launch = new Launch("fake server", List.of("sh", "-c", "exec sleep 60"), folder.resolve("server.log"),
                () -> new ReadinessProbe() {
                    @Override
                    public String awaited() {
                        return "say it is ready";
                    }

                    @Override
                    public Optional<String> check() {
                        try {
                            pid.set(Integer.parseInt(Files.readString(pidFile.file()).strip()));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        throw new IllegalStateException("not yet");
                    }
                }, Duration.ofSeconds(1), Duration.ofSeconds(5), null, false, List.of(), true, pidFile, () -> { });

        assertThatThrownBy(() -> ServerProcess.start(launch))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining("fake server did not say it is ready within PT1S")
                .hasRootCauseMessage("not yet");
        assertThat(pid.get()).isPositive();
        assertThat(ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(pidFile.file()).doesNotExist();
    }

    @Test
    void a_probe_that_cannot_be_made_leaves_nothing_running() {
        PidFile pidFile = new PidFile(folder.resolve("server.pid"));
        AtomicInteger pid = new AtomicInteger();
        Launch launch = launch("exec sleep 60").withPidFile(pidFile);
        Launch failing = new Launch(launch.name(), launch.command(), launch.output(), () -> {
            try {
                pid.set(Integer.parseInt(Files.readString(pidFile.file()).strip()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("no client for the probe");
        }, launch.startTimeout(), launch.stopGracePeriod(), launch.directory(), false, launch.quotedLogs(), true,
                pidFile, () -> { });

        assertThatThrownBy(() -> ServerProcess.start(failing)).hasMessage("no client for the probe");
        assertThat(pid.get()).isPositive();
        assertThat(ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(pidFile.file()).doesNotExist();
    }

    @Test
    void starts_again_when_a_port_it_had_picked_was_taken_meanwhile() {
        AtomicInteger attempts = new AtomicInteger();

        ServerProcess server = ServerProcess.start(3, attempt -> {
            attempts.incrementAndGet();
            return attempt == 1
                    ? launch("echo 'listen tcp 127.0.0.1:7233: bind: address already in use'; exit 1")
                    : launch("touch ready; exec sleep 60");
        });
        try {
            assertThat(attempts).hasValue(2);
        } finally {
            server.stop();
        }
    }

    @Test
    void a_port_taken_is_recognised_above_a_long_panic_and_not_from_an_earlier_starts_output() {
        // a Go server's panic: its reason first, then a stack far longer than the quoted tail
        AtomicInteger attempts = new AtomicInteger();
        ServerProcess server = ServerProcess.start(3, attempt -> {
            attempts.incrementAndGet();
            return attempt == 1
                    ? launch("echo 'panic: listen tcp 127.0.0.1:42433: bind: address already in use'; "
                            + "i=0; while [ $i -lt 200 ]; do echo \"goroutine frame $i\"; i=$((i+1)); done; exit 2")
                            .appendingOutput()
                    : launch("touch ready; exec sleep 60").appendingOutput();
        });
        try {
            assertThat(attempts).hasValue(2);
        } finally {
            server.stop();
        }

        // the log (appended) still holds that first start's panic: a later start failing otherwise is not retried
        attempts.set(0);
        try {
            Files.delete(folder.resolve("ready"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThatThrownBy(() -> ServerProcess.start(3, attempt -> {
            attempts.incrementAndGet();
            return launch("echo boom; exit 3").appendingOutput();
        })).hasMessageContaining("boom").hasMessageNotContaining("Its output says");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void does_not_start_again_for_other_failures_nor_beyond_its_attempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> ServerProcess.start(3, attempt -> {
            attempts.incrementAndGet();
            return launch("echo boom; exit 3");
        })).hasMessageContaining("boom");
        assertThat(attempts).hasValue(1);

        attempts.set(0);
        assertThatThrownBy(() -> ServerProcess.start(2, attempt -> {
            attempts.incrementAndGet();
            return launch("echo 'Address already in use'; exit 1");
        })).hasMessageContaining("Address already in use");
        assertThat(attempts).hasValue(2);
    }

    /** A shell script in the folder as the server; ready once it created the file "ready" there. */
    private Launch launch(String script) {
        Path ready = folder.resolve("ready");
        return Launch.of("fake server", List.of("sh", "-c", script), folder.resolve("server.log"),
                        () -> new ReadinessProbe() {
                            @Override
                            public String awaited() {
                                return "create " + ready;
                            }

                            @Override
                            public Optional<String> check() {
                                return Files.exists(ready) ? Optional.of("ready") : Optional.empty();
                            }
                        }, Duration.ofSeconds(20), Duration.ofSeconds(5))
                .inDirectory(folder);
    }
}
