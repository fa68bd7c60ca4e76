package io.decidr.platform.temporal;

import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;

@WorkflowImpl(taskQueues = TaskQueues.SAGAS)
public class ProbeWorkflowImpl implements ProbeWorkflow {

    private final ProbeActivities activities = Workflow.newActivityStub(ProbeActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public Report run(String name) {
        // the server refuses an attribute it does not know: this proves the start-up registration
        Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("RUNNING"));
        ProbeActivities.Greeting greeting = activities.greet(name);
        return new Report(greeting.text(), Workflow.getInfo().getTaskQueue(), greeting.taskQueue());
    }
}
