package io.decidr.workflows.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Calls to Temporal's schedule service, which blocks: run off the event loop, and what the server answers sorted into
 * "no such schedule" and "no schedules here" ({@link SchedulesUnavailable}) for the API's typed errors.
 */
final class ScheduleCalls {

    private ScheduleCalls() {
    }

    static boolean notFound(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }

    static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(ScheduleCalls::unreachable, e -> new SchedulesUnavailable(unavailableMessage(e), e));
    }

    private static boolean unreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status) {
                Status.Code code = status.getStatus().getCode();
                return code == Status.Code.UNIMPLEMENTED || code == Status.Code.UNAVAILABLE
                        || code == Status.Code.DEADLINE_EXCEEDED;
            }
        }
        return false;
    }

    private static String unavailableMessage(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return "schedules need a Temporal server that keeps them (bin/run's dev server or a cluster);"
                        + " this one has none";
            }
        }
        return "the Temporal server did not answer; try again later";
    }
}
