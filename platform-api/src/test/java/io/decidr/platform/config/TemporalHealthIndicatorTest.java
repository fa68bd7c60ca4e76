package io.decidr.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** A Temporal frontend that does not answer makes the readiness group DOWN, and says where it looked. */
class TemporalHealthIndicatorTest {

    @Test
    void a_frontend_that_does_not_answer_is_down_within_the_timeout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String target = "127.0.0.1:" + closed;
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        try {
            // the block's own limit: an indicator that hung would fail here
            Health health = new TemporalHealthIndicator(stubs, target).health()
                    .block(TemporalHealthIndicator.TIMEOUT.plusSeconds(5));
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("target", target).containsKey("error");
        } finally {
            stubs.shutdownNow();
        }
    }
}
