package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import io.decidr.platform.support.PlatformTest;
import io.decidr.workflows.link.LinkEntitiesWorkflow;
import io.decidr.workflows.link.LinkRequest;
import io.decidr.workflows.link.UnlinkEntitiesWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/** A caller without the role is refused before any costly work: no workflow starts, no parameters are parsed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizeFirstIT extends PlatformTest {

    @Autowired
    WorkflowClient temporal;

    Fixture fixture;
    String operator;

    @BeforeAll
    void tenant() {
        fixture = Fixture.create(port, "Order of checks");
        operator = fixture.token("olga", "operator");
        Fixture.data(fixture.http().graphql(fixture.admin(), "mutation($c: ID!) { defineAttribute(input: {collectionId: $c,"
                + " name: \"Partner\", type: LINK, targetCollectionId: $c, backlinkName: \"PartnerOf\"}) { attributeId } }",
                Map.of("c", fixture.collection())), "defineAttribute", "attributeId");
    }

    @Test
    void linking_without_the_role_starts_no_saga() {
        String source = fixture.entity("source");
        String target = fixture.entity("target");
        for (String operation : new String[] {"linkEntities", "unlinkEntities"}) {
            UUID commandId = UUID.randomUUID();
            RawHttp.Reply reply = fixture.http().graphql(operator, "mutation($s: ID!, $t: ID!, $id: ID) { " + operation
                    + "(sourceId: $s, attribute: \"Partner\", targetId: $t, commandId: $id) { sourceVersion } }",
                    Map.of("s", source, "t", target, "id", commandId.toString()));
            assertThat(reply.code()).as(operation).isEqualTo("FORBIDDEN");

            Requester olga = new Requester(new TenantId(fixture.tenant()), new Actor(new UserId("olga"), Set.of(Role.OPERATOR)));
            String workflowId = LinkRequest.of(olga, EntityId.parse(source, "s"), "Partner", EntityId.parse(target, "t"),
                    commandId).workflowId(operation.equals("linkEntities") ? LinkEntitiesWorkflow.ID_PREFIX
                    : UnlinkEntitiesWorkflow.ID_PREFIX);
            assertThatThrownBy(() -> temporal.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(temporal.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build()))
                    .as("workflow " + workflowId)
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }

    @Test
    void a_job_request_without_the_role_is_refused_before_its_parameters_are_read() {
        String huge = "{\"format\":\"CSV\",\"data\":\"" + "Name\\n".repeat(20_000) + "\"}";
        RawHttp.Reply forbidden = fixture.http().graphql(operator, "mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT,"
                + " collectionId: $c, params: $p) }", Map.of("c", fixture.collection(), "p", huge));
        assertThat(forbidden.code()).isEqualTo("FORBIDDEN");

        RawHttp.Reply badCel = fixture.http().graphql(operator, "mutation($c: ID!) { startComputeJob(kind: FORMULA,"
                + " collectionId: $c, params: \"{\\\"expression\\\": \\\"((((\\\", \\\"target\\\": \\\"Amount\\\"}\") }",
                Map.of("c", fixture.collection()));
        assertThat(badCel.code()).isEqualTo("FORBIDDEN");
    }

    @Test
    void parameters_over_the_size_limit_are_refused_before_they_are_parsed() {
        String huge = "{\"format\":\"CSV\",\"data\":\"" + "Name\\n".repeat(20_000) + "\"}";
        RawHttp.Reply tooLarge = fixture.http().graphql(fixture.member(), "mutation($c: ID!, $p: JSON!) { startComputeJob("
                + "kind: IMPORT, collectionId: $c, params: $p) }", Map.of("c", fixture.collection(), "p", huge));
        assertThat(tooLarge.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(tooLarge.extensions().get("field")).isEqualTo("params");
        assertThat(tooLarge.body()).contains("at most 65536");
    }
}
