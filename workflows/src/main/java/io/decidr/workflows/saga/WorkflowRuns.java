package io.decidr.workflows.saga;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * How the use cases' clients start a workflow for a command, join the run an earlier command started, and wait for
 * its end: the one place that turns typed stubs into runs and a late end into a clear error.
 */
public final class WorkflowRuns {

    private WorkflowRuns() {
    }

    /** A run of a workflow: its stub (typed calls made through it) and whether this call started it or joined it. */
    public record Run(WorkflowStub stub, boolean joined) {

        public String workflowId() {
            return stub.getExecution() != null ? stub.getExecution().getWorkflowId()
                    : stub.getOptions().map(WorkflowOptions::getWorkflowId).orElse("?");
        }
    }

    /**
     * Starts the workflow with {@code options} through its typed interface ({@code start} calls
     * {@code WorkflowClient.start(stub::method, args...)}); when a run with that id is already there (the workflow id
     * reuse policy refused another), joins it.
     */
    public static <W> Run startOrJoin(WorkflowClient client, Class<W> workflow, WorkflowOptions options, Consumer<W> start) {
        W typed = client.newWorkflowStub(workflow, options);
        try {
            start.accept(typed);
            return new Run(WorkflowStub.fromTyped(typed), false);
        } catch (WorkflowExecutionAlreadyStarted earlier) {
            return new Run(existing(client, workflow, options.getWorkflowId()), true);
        }
    }

    /** The latest run of the workflow id, started or not. */
    public static <W> WorkflowStub existing(WorkflowClient client, Class<W> workflow, String workflowId) {
        return WorkflowStub.fromTyped(client.newWorkflowStub(workflow, workflowId));
    }

    /** The typed stub of the workflow id's latest run, for its queries and signals. */
    public static <W> W typed(WorkflowClient client, Class<W> workflow, String workflowId) {
        return client.newWorkflowStub(workflow, workflowId);
    }

    /** The latest run's description, or empty when the id never ran. A blocking call. */
    public static Optional<WorkflowExecutionDescription> describe(WorkflowStub stub) {
        try {
            return Optional.of(stub.describe());
        } catch (WorkflowNotFoundException none) {
            return Optional.empty();
        }
    }

    /** The run's result once it has ended; a run that takes longer than {@code wait} ends the answer with an error. */
    public static <O> Mono<O> ended(Run run, Class<O> outcome, Duration wait) {
        return Mono.fromFuture(() -> run.stub().getResultAsync(wait.toMillis(), TimeUnit.MILLISECONDS, outcome))
                .onErrorMap(TimeoutException.class, late -> new IllegalStateException("the " + run.stub()
                        .getWorkflowType().orElse("") + " workflow " + run.workflowId() + " did not end within " + wait,
                        late));
    }
}
