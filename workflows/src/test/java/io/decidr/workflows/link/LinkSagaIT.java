package io.decidr.workflows.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.workflows.TaskQueues;
import io.r2dbc.pool.ConnectionPool;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link and unlink sagas with their real activities over the event store on PostgreSQL: what each path leaves in
 * the entities' streams, compensations that run again, and a command sent again.
 */
@Timeout(120)
class LinkSagaIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static EntityHandler entities;
    private static CollectionHandler collections;
    private static TenantHandler tenants;
    private static LinkActivitiesImpl activities;

    private TestWorkflowEnvironment env;
    private Requester ada;
    private CollectionId people;
    private CollectionId companies;

    @BeforeAll
    static void database() {
        pool = TestPostgres.newDatabase().pool(4);
        store = new PostgresEventStore(pool);
        CommandBus bus = new CommandBus(store, CommandBusSettings.DEFAULTS);
        Handlers handlers = Handlers.over(bus);
        tenants = handlers.tenants();
        collections = handlers.collections();
        entities = handlers.entities();
        activities = new LinkActivitiesImpl(entities);
    }

    @AfterAll
    static void close() {
        pool.dispose();
    }

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TaskQueues.SAGAS);
        worker.registerWorkflowImplementationTypes(LinkEntitiesWorkflowImpl.class, UnlinkEntitiesWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();

        Requester root = new Requester(new TenantId(UUID.randomUUID()), new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID tenant = tenants.register(root, "Saga tenant", UUID.randomUUID()).block(WAIT).id();
        ada = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
        companies = new CollectionId(collections.create(ada, "Companies", UUID.randomUUID()).block(WAIT).id());
        people = new CollectionId(collections.create(ada, "People", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(ada, people, "Employer", new LinkType(companies, "Staff"), false, UUID.randomUUID()).block(WAIT);
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private EntityId create(CollectionId collection) {
        return new EntityId(entities.create(ada, collection, List.of(), UUID.randomUUID()).block(WAIT).id());
    }

    private LinkOutcome link(LinkRequest request) {
        return env.getWorkflowClient().newWorkflowStub(LinkEntitiesWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId(LinkEntitiesWorkflow.ID_PREFIX)
                        + "/" + UUID.randomUUID()).build()).link(request);
    }

    private LinkOutcome unlink(LinkRequest request) {
        return env.getWorkflowClient().newWorkflowStub(UnlinkEntitiesWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId(UnlinkEntitiesWorkflow.ID_PREFIX)
                        + "/" + UUID.randomUUID()).build()).unlink(request);
    }

    private List<String> types(EntityId entity) {
        return store.readStream(StreamId.of("entity", ada.tenant().value(), entity.value()), 1)
                .map(RecordedEvent::type).collectList().block(WAIT);
    }

    @Test
    void links_and_unlinks_both_ends() {
        EntityId person = create(people);
        EntityId company = create(companies);
        LinkOutcome linked = link(LinkRequest.of(ada, person, "Employer", company, UUID.randomUUID()));
        assertThat(linked.completed()).isTrue();
        assertThat(linked.source().changed()).isTrue();
        assertThat(linked.target().version()).isEqualTo(2);
        assertThat(types(person)).containsExactly("entity.created", "entity.linked");
        assertThat(types(company)).containsExactly("entity.created", "entity.backlink-added");

        LinkOutcome unlinked = unlink(LinkRequest.of(ada, person, "Employer", company, UUID.randomUUID()));
        assertThat(unlinked.completed()).isTrue();
        assertThat(types(person)).containsExactly("entity.created", "entity.linked", "entity.unlinked");
        assertThat(types(company)).containsExactly("entity.created", "entity.backlink-added", "entity.backlink-removed");
    }

    @Test
    void a_target_the_attribute_does_not_allow_is_refused_and_the_link_undone_once_however_often_compensated() {
        EntityId person = create(people);
        EntityId colleague = create(people);
        LinkRequest request = LinkRequest.of(ada, person, "Employer", colleague, UUID.randomUUID());
        LinkOutcome outcome = link(request);
        assertThat(outcome.completed()).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(types(person)).containsExactly("entity.created", "entity.linked", "entity.unlinked");
        assertThat(types(colleague)).containsExactly("entity.created");

        StepResult again = activities.undoLink(request);
        assertThat(again.changed()).isTrue();
        assertThat(types(person)).as("the compensation, run again, writes nothing more")
                .containsExactly("entity.created", "entity.linked", "entity.unlinked");

        assertThat(link(request).refusal().code()).as("the same command again: refused again, nothing written")
                .isEqualTo("VALIDATION_FAILED");
        assertThat(types(person)).containsExactly("entity.created", "entity.linked", "entity.unlinked");
    }

    @Test
    void a_link_that_existed_before_is_not_undone_by_a_refused_attempt() {
        EntityId person = create(people);
        EntityId company = create(companies);
        assertThat(link(LinkRequest.of(ada, person, "Employer", company, UUID.randomUUID())).completed()).isTrue();
        entities.archive(ada, company, UUID.randomUUID()).block(WAIT);

        LinkOutcome outcome = link(LinkRequest.of(ada, person, "Employer", company, UUID.randomUUID()));
        assertThat(outcome.completed()).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("ARCHIVED");
        assertThat(types(person)).as("the link was there before: not this command's to undo")
                .containsExactly("entity.created", "entity.linked");
    }

    @Test
    void an_archived_target_refuses_and_a_missing_source_is_not_found_with_nothing_written() {
        EntityId person = create(people);
        EntityId company = create(companies);
        entities.archive(ada, company, UUID.randomUUID()).block(WAIT);
        assertThat(link(LinkRequest.of(ada, person, "Employer", company, UUID.randomUUID())).refusal().code())
                .isEqualTo("ARCHIVED");
        assertThat(types(person)).containsExactly("entity.created", "entity.linked", "entity.unlinked");

        EntityId nobody = new EntityId(UUID.randomUUID());
        assertThat(link(LinkRequest.of(ada, nobody, "Employer", company, UUID.randomUUID())).refusal().code())
                .isEqualTo("NOT_FOUND");
        assertThat(types(nobody)).isEmpty();
    }
}
