package io.decidr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.decider.Decider;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Given-when-then for deciders: {@code given(past events).when(command).then(new events)} or
 * {@code .thenRejected(code)}. Events a command produces are also folded into the state, since
 * {@code evolve} must accept whatever {@code decide} returns.
 */
public final class DeciderSpec<C, S, E> {

    private final Decider<C, S, E> decider;

    private DeciderSpec(Decider<C, S, E> decider) {
        this.decider = decider;
    }

    public static <C, S, E> DeciderSpec<C, S, E> of(Decider<C, S, E> decider) {
        return new DeciderSpec<>(decider);
    }

    @SafeVarargs
    public final Given given(E... history) {
        List<E> events = new ArrayList<>();
        for (E event : history) {
            events.add(event);
        }
        return given(events);
    }

    public Given given(List<E> history) {
        return new Given(decider.fold(decider.initialState(), history));
    }

    /** The aggregate after its past events. */
    public final class Given {

        private final S state;

        private Given(S state) {
            this.state = state;
        }

        /** The state the past events fold into. */
        public S state() {
            return state;
        }

        public When when(C command) {
            return new When(state, command);
        }
    }

    /** A command on the aggregate, decided by the {@code then..} call. */
    public final class When {

        private final S state;
        private final C command;

        private When(S state, C command) {
            this.state = state;
            this.command = command;
        }

        /** The command yields exactly {@code expected}, in order (none: the command changes nothing). */
        @SafeVarargs
        public final void then(E... expected) {
            // copied one by one: handing a generic varargs array on is what javac warns about
            List<E> expectedEvents = new ArrayList<>();
            for (E event : expected) {
                expectedEvents.add(event);
            }
            List<E> actual;
            try {
                actual = decider.decide(command, state);
            } catch (Rejection rejection) {
                throw new AssertionError("expected " + expectedEvents + " but " + command + " was rejected: "
                        + rejection.code() + " " + rejection.field().orElse("") + " " + rejection.getMessage());
            }
            assertThat(actual).as("events of %s", command).containsExactlyElementsOf(expectedEvents);
            decider.fold(state, actual);
        }

        /** The command is accepted and changes nothing. */
        public void thenNoEvents() {
            then();
        }

        public void thenRejected(RejectionCode code) {
            assertThat(rejection().code()).as("rejection code of %s", command).isEqualTo(code);
        }

        /** Rejected with {@code code}, naming the input {@code field} at fault. */
        public void thenRejected(RejectionCode code, String field) {
            Rejection rejection = rejection();
            assertThat(rejection.code()).as("rejection code of %s", command).isEqualTo(code);
            assertThat(rejection.field()).as("rejected field of %s", command).contains(field);
        }

        private Rejection rejection() {
            List<E> events;
            try {
                events = decider.decide(command, state);
            } catch (Rejection rejection) {
                assertThat(rejection.getMessage()).as("rejection message").isNotBlank();
                return rejection;
            }
            throw new AssertionError("expected " + command + " to be rejected, but it yielded " + events);
        }
    }
}
