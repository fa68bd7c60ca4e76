package io.decidr.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes of our workflows, all keywords (exact match): operators find a tenant's or a
 * collection's workflows and a kind of job in a given status with them. The server must know them before a
 * workflow sets them; the app registers them at start-up ({@link SearchAttributeRegistration}).
 *
 * <p>The Java test server of the dev profile accepts them but has no visibility queries: the platform's own job
 * list comes from its read model, never from these.
 */
public final class WorkflowSearchAttributes {

    public static final SearchAttributeKey<String> TENANT_ID = SearchAttributeKey.forKeyword("TenantId");
    public static final SearchAttributeKey<String> JOB_KIND = SearchAttributeKey.forKeyword("JobKind");
    public static final SearchAttributeKey<String> COLLECTION_ID = SearchAttributeKey.forKeyword("CollectionId");
    public static final SearchAttributeKey<String> JOB_STATUS = SearchAttributeKey.forKeyword("JobStatus");

    /** Every attribute to register on the server. */
    public static final List<SearchAttributeKey<?>> ALL = List.of(TENANT_ID, JOB_KIND, COLLECTION_ID, JOB_STATUS);

    private WorkflowSearchAttributes() {
    }
}
