package io.decidr.workflows.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.PostgresCollectionMembership;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.archive.ArchiveProgress.Phase;
import io.decidr.workflows.saga.Caller;
import io.r2dbc.pool.ConnectionPool;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The archive-collection saga with its real activities over the event store on PostgreSQL: 7 companies in pages of
 * 3 (one archived before, two linked to each other), people of another collection linking to some (one of them
 * archived), what a completed saga leaves, and what a cancel midway puts back, once however often it runs.
 */
@Timeout(120)
class ArchiveSagaIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static CommandBus bus;
    private static CollectionHandler collections;
    private static EntityHandler entities;
    private static TenantHandler tenants;
    private static ArchiveCollectionActivitiesImpl real;

    private TestWorkflowEnvironment env;
    private HeldArchiveActivities activities;
    private Requester ada;
    private CollectionId companies;
    private final List<EntityId> company = new ArrayList<>();
    private final List<EntityId> person = new ArrayList<>();

    @BeforeAll
    static void database() {
        pool = TestPostgres.newDatabase().pool(6);
        store = new PostgresEventStore(pool);
        bus = new CommandBus(store, CommandBusSettings.DEFAULTS);
        Handlers handlers = Handlers.over(bus);
        tenants = handlers.tenants();
        collections = handlers.collections();
        entities = handlers.entities();
        real = new ArchiveCollectionActivitiesImpl(entities, collections, new PostgresCollectionMembership(pool), store, store);
    }

    @AfterAll
    static void close() {
        pool.dispose();
    }

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        activities = new HeldArchiveActivities(real);
        Worker worker = env.newWorker(TaskQueues.SAGAS);
        worker.registerWorkflowImplementationTypes(ArchiveCollectionWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();

        Requester root = new Requester(new TenantId(UUID.randomUUID()), new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID tenant = tenants.register(root, "Archive tenant", UUID.randomUUID()).block(WAIT).id();
        ada = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
        companies = new CollectionId(collections.create(ada, "Companies", UUID.randomUUID()).block(WAIT).id());
        CollectionId people = new CollectionId(collections.create(ada, "People", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(ada, companies, "Parent", new LinkType(companies, "Subsidiaries"), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(ada, people, "Employer", new LinkType(companies, "Staff"), false, UUID.randomUUID()).block(WAIT);
        for (int i = 0; i < 7; i++) {
            company.add(create(companies));
        }
        for (int i = 0; i < 4; i++) {
            person.add(create(people));
        }
        link(company.get(1), "Parent", company.get(2));
        link(person.get(0), "Employer", company.get(0));
        link(person.get(1), "Employer", company.get(0));
        link(person.get(2), "Employer", company.get(3));
        link(person.get(3), "Employer", company.get(6));
        entities.archive(ada, person.get(3), UUID.randomUUID()).block(WAIT);
        entities.archive(ada, company.get(4), UUID.randomUUID()).block(WAIT);
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private EntityId create(CollectionId collection) {
        return new EntityId(entities.create(ada, collection, List.of(), UUID.randomUUID()).block(WAIT).id());
    }

    private void link(EntityId source, String attribute, EntityId target) {
        UUID commandId = UUID.randomUUID();
        entities.linkStep(ada, EntityHandler.LinkStepKind.LINK, source, attribute, target, commandId).block(WAIT);
        entities.linkStep(ada, EntityHandler.LinkStepKind.BACKLINK, source, attribute, target, commandId).block(WAIT);
    }

    private ArchiveRequest request() {
        return new ArchiveRequest(Caller.of(ada), companies.value(), UUID.randomUUID(), 3, 200);
    }

    private WorkflowStub stub(ArchiveRequest request) {
        return WorkflowStub.fromTyped(env.getWorkflowClient().newWorkflowStub(ArchiveCollectionWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId()).build()));
    }

    private ArchiveProgress progress(ArchiveRequest request) {
        return env.getWorkflowClient().newWorkflowStub(ArchiveCollectionWorkflow.class, request.workflowId()).progress();
    }

    private List<String> types(EntityId entity) {
        return store.readStream(StreamId.of("entity", ada.tenant().value(), entity.value()), 1)
                .map(RecordedEvent::type).collectList().block(WAIT);
    }

    private EntityState state(EntityId entity) {
        return entities.existing(ada, entity).block(WAIT);
    }

    /** Every entity's event types, to compare before and after. */
    private Map<EntityId, List<String>> everything() {
        List<EntityId> all = new ArrayList<>(company);
        all.addAll(person);
        return all.stream().collect(Collectors.toMap(Function.identity(), this::types));
    }

    private boolean collectionArchived() {
        return collections.existing(ada, companies).block(WAIT).archived();
    }

    @Test
    void archives_every_entity_unlinks_live_entities_of_other_collections_then_archives_the_collection() {
        ArchiveRequest request = request();
        WorkflowStub stub = stub(request);
        stub.start(request, ArchiveProgress.START);
        ArchiveOutcome outcome = stub.getResult(ArchiveOutcome.class);

        assertThat(outcome.completed()).isTrue();
        assertThat(collectionArchived()).isTrue();
        assertThat(outcome.progress().entitiesArchived()).as("all but the one archived before").isEqualTo(6);
        assertThat(outcome.progress().linksRemoved()).isEqualTo(3);
        assertThat(company).allSatisfy(c -> assertThat(state(c).archived()).isTrue());
        assertThat(types(company.get(4))).as("archived before: left as it was").containsExactly("entity.created", "entity.archived");

        assertThat(types(person.get(0))).containsExactly("entity.created", "entity.linked", "entity.unlinked");
        assertThat(types(person.get(2))).containsExactly("entity.created", "entity.linked", "entity.unlinked");
        assertThat(types(company.get(0))).containsExactly("entity.created", "entity.backlink-added", "entity.backlink-added",
                "entity.archived", "entity.backlink-removed", "entity.backlink-removed");
        assertThat(state(company.get(0)).backlinks()).isEmpty();
        assertThat(state(person.get(3)).linksOf(state(person.get(3)).links().keySet().iterator().next()))
                .as("an archived source stays linked").containsExactly(company.get(6));
        assertThat(state(company.get(2)).backlinks()).as("links inside the collection stay").hasSize(1);
        assertThat(state(company.get(1)).links()).hasSize(1);
    }

    @Test
    void a_cancel_midway_restores_what_it_archived_and_relinks_what_it_unlinked_once_however_often_compensated()
            throws Exception {
        Map<EntityId, Boolean> archivedBefore = company.stream().collect(Collectors.toMap(Function.identity(),
                c -> state(c).archived()));
        activities.holdPage(2);
        ArchiveRequest request = request();
        WorkflowStub stub = stub(request);
        WorkflowExecution run = stub.start(request, ArchiveProgress.START);
        activities.held.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(state(company.get(0)).archived()).as("page 1 is archived").isTrue();
        stub.cancel();
        activities.release();

        assertThatThrownBy(() -> stub.getResult(ArchiveOutcome.class)).isInstanceOf(WorkflowFailedException.class);
        assertThat(progress(request).phase()).isEqualTo(Phase.CANCELLED);
        assertThat(progress(request).entitiesRestored()).as("pages 1 and 2, but the one archived before").isEqualTo(5);
        assertThat(progress(request).linksRestored()).isEqualTo(3);
        assertThat(collectionArchived()).isFalse();
        assertThat(company).allSatisfy(c -> assertThat(state(c).archived()).as(c.toString()).isEqualTo(archivedBefore.get(c)));
        assertThat(types(company.get(0))).containsExactly("entity.created", "entity.backlink-added", "entity.backlink-added",
                "entity.archived", "entity.backlink-removed", "entity.backlink-removed", "entity.restored",
                "entity.backlink-added", "entity.backlink-added");
        assertThat(types(person.get(0))).containsExactly("entity.created", "entity.linked", "entity.unlinked", "entity.linked");
        assertThat(state(company.get(0)).backlinks()).hasSize(2);
        assertThat(types(person.get(2))).as("page 2 finished before the saga stopped").containsExactly("entity.created",
                "entity.linked", "entity.unlinked", "entity.linked");
        assertThat(types(company.get(6))).as("page 3 was never reached").containsExactly("entity.created",
                "entity.backlink-added");

        // the compensation once more: nothing more is written
        Map<EntityId, List<String>> after = everything();
        String sagaKey = request.workflowId() + "/" + run.getRunId();
        TestActivityEnvironment again = TestActivityEnvironment.newInstance();
        try {
            again.registerActivitiesImplementations(real);
            ArchiveCollectionActivities restore = again.newActivityStub(ArchiveCollectionActivities.class,
                    ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
            assertThat(restore.restoreEntities(request, sagaKey, company.subList(0, 3).stream().map(EntityId::value).toList()))
                    .as("the saga's work, answered again").isEqualTo(new PageDone(3, 2));
        } finally {
            again.close();
        }
        assertThat(everything()).isEqualTo(after);
    }

    @Test
    void archives_again_after_a_cancelled_run_with_commands_of_its_own() throws Exception {
        activities.holdPage(2);
        ArchiveRequest first = request();
        WorkflowStub cancelled = stub(first);
        cancelled.start(first, ArchiveProgress.START);
        activities.held.get(30, java.util.concurrent.TimeUnit.SECONDS);
        cancelled.cancel();
        activities.release();
        assertThatThrownBy(() -> cancelled.getResult(ArchiveOutcome.class)).isInstanceOf(WorkflowFailedException.class);

        activities.holdPage(0);
        ArchiveRequest second = request();
        WorkflowStub stub = stub(second);
        stub.start(second, ArchiveProgress.START);
        assertThat(stub.getResult(ArchiveOutcome.class).completed()).isTrue();
        assertThat(collectionArchived()).isTrue();
        assertThat(types(company.get(0))).endsWith("entity.restored", "entity.backlink-added", "entity.backlink-added",
                "entity.archived", "entity.backlink-removed", "entity.backlink-removed");
    }
}
