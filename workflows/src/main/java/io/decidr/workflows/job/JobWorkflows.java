package io.decidr.workflows.job;

import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
import java.util.Locale;
import java.util.Map;

/**
 * How a job's workflow is started, the same whether a user asks for it ({@link WorkflowOptions}) or a schedule's run
 * does ({@link ChildWorkflowOptions}): its id {@code job/<tenant>/<job>} (never reused), its queue, its search
 * attributes (TenantId, JobKind, CollectionId, JobStatus REQUESTED), the memo {@code requestedBy} and a one-line
 * summary. Pure functions of the job's input, so workflow code may call them.
 */
public final class JobWorkflows {

    private JobWorkflows() {
    }

    public static WorkflowOptions options(JobInput job) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.JOBS)
                .setWorkflowId(job.workflowId())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(searchAttributes(job))
                .setMemo(memo(job))
                .setStaticSummary(summary(job))
                .build();
    }

    /**
     * A scheduled run's job: when the run is cancelled or terminated, the job is asked to cancel (so it compensates and
     * records how it ended, instead of being cut off RUNNING).
     */
    public static ChildWorkflowOptions childOptions(JobInput job) {
        return ChildWorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.JOBS)
                .setWorkflowId(job.workflowId())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setTypedSearchAttributes(searchAttributes(job))
                .setMemo(memo(job))
                .setStaticSummary(summary(job))
                .build();
    }

    static SearchAttributes searchAttributes(JobInput job) {
        return SearchAttributes.newBuilder()
                .set(WorkflowSearchAttributes.TENANT_ID, job.tenantId().toString())
                .set(WorkflowSearchAttributes.JOB_KIND, job.kind().name())
                .set(WorkflowSearchAttributes.COLLECTION_ID, job.collectionId().toString())
                .set(WorkflowSearchAttributes.JOB_STATUS, "REQUESTED")
                .build();
    }

    private static Map<String, Object> memo(JobInput job) {
        return Map.of("requestedBy", job.user());
    }

    /** What the job does, for whom, in a line: the summary operators read in the UI. */
    public static String summary(JobInput job) {
        String what = switch (job.kind()) {
            case IMPORT -> "Import rows into";
            case FORMULA -> "Compute a formula over";
            case ROLLUP -> "Roll up linked values over";
        };
        return what + " collection " + job.collectionId() + " for " + job.user() + " (" + job.kind().name()
                .toLowerCase(Locale.ROOT) + " job; cancel compensates)";
    }
}
