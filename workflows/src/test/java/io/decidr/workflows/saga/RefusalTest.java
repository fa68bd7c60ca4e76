package io.decidr.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.decider.Rejection;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

/** A refused step leaves its activity one way, and is read back the same way whatever workflow ran it. */
class RefusalTest {

    private static ActivityFailure failedWith(ApplicationFailure cause) {
        return new ActivityFailure("activity failed", 5, 6, "Step", "1", RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
                "worker", cause);
    }

    @Test
    void a_rejection_leaves_a_step_as_a_non_retryable_refusal_with_its_code_field_and_message() {
        assertThatThrownBy(() -> Refusal.refusing(() -> {
            throw Rejection.validation("params.data", "data is not JSON");
        })).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
            assertThat(failure.isNonRetryable()).isTrue();
            assertThat(failure.getType()).isEqualTo(Refusal.REJECTED);
            assertThat(Refusal.refused(failedWith(failure))).isTrue();
            assertThat(Refusal.of(failedWith(failure)))
                    .isEqualTo(new Refusal("VALIDATION_FAILED", "params.data", "data is not JSON"));
            assertThat(Refusal.of(failedWith(failure)).rejection().field()).contains("params.data");
        });
    }

    @Test
    void other_failures_pass_through_and_are_no_refusal() {
        IllegalStateException broken = new IllegalStateException("the database is gone");
        assertThatThrownBy(() -> Refusal.refusing(() -> {
            throw broken;
        })).isSameAs(broken);
        ApplicationFailure other = ApplicationFailure.newFailure("the database is gone", "java.lang.IllegalStateException");
        assertThat(Refusal.refused(failedWith(other))).isFalse();
        assertThat(Refusal.of(failedWith(other))).isNull();
    }

    @Test
    void a_job_step_refused_before_jobs_carried_refusals_so_is_still_a_refusal_and_never_retried() {
        ApplicationFailure earlier = ApplicationFailure.newFailure("data is not JSON", Rejection.class.getName());
        assertThat(Refusal.refused(failedWith(earlier))).isTrue();
        assertThat(Refusal.NOT_RETRIED).contains(Rejection.class.getName(), Refusal.REJECTED);
    }
}
