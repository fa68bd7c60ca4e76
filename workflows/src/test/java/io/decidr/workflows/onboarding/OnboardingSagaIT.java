package io.decidr.workflows.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionState;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.tenant.TenantId;
import io.decidr.domain.tenant.TenantState;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.saga.Caller;
import io.decidr.workflows.saga.StepIds;
import io.r2dbc.pool.ConnectionPool;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
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
 * The onboarding saga with its real activities over the event store on PostgreSQL: the tenant, its CRM collections
 * and admin as they are stored; a refusal late on, compensated (collections archived, tenant suspended), and its
 * compensations run again; a refusal at the very first step, with nothing written.
 */
@Timeout(120)
class OnboardingSagaIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Requester ROOT = new Requester(new TenantId(UUID.randomUUID()),
            new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));

    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static CommandBus bus;
    private static CollectionHandler collections;
    private static EntityHandler entities;
    private static OnboardingActivitiesImpl activities;

    private TestWorkflowEnvironment env;

    @BeforeAll
    static void database() {
        pool = TestPostgres.newDatabase().pool(4);
        store = new PostgresEventStore(pool);
        bus = new CommandBus(store, CommandBusSettings.DEFAULTS);
        Handlers handlers = Handlers.over(bus);
        collections = handlers.collections();
        entities = handlers.entities();
        activities = new OnboardingActivitiesImpl(handlers.tenants(), collections);
    }

    @AfterAll
    static void close() {
        pool.dispose();
    }

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TaskQueues.SAGAS);
        worker.registerWorkflowImplementationTypes(OnboardTenantWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private OnboardingOutcome onboard(OnboardingRequest request) {
        return env.getWorkflowClient().newWorkflowStub(OnboardTenantWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS).setWorkflowId(request.workflowId()).build()).onboard(request);
    }

    private static List<String> types(String category, UUID tenant, UUID id) {
        return store.readStream(StreamId.of(category, tenant, id), 1).map(RecordedEvent::type).collectList().block(WAIT);
    }

    private static CollectionState collection(UUID tenant, UUID id) {
        return bus.load(Aggregates.COLLECTION, tenant, id).block(WAIT).state();
    }

    private static TenantState tenant(UUID tenant) {
        return bus.load(Aggregates.TENANT, tenant, tenant).block(WAIT).state();
    }

    @Test
    void onboards_a_crm_tenant_whose_admin_can_link_contacts_to_companies() {
        OnboardingRequest request = OnboardingRequest.of(ROOT, "Acme", "crm", "ada", UUID.randomUUID());
        OnboardingOutcome outcome = onboard(request);

        assertThat(outcome.completed()).isTrue();
        UUID tenant = outcome.tenantId();
        assertThat(tenant).isEqualTo(request.tenantId());
        assertThat(types("tenant", tenant, tenant)).containsExactly("tenant.registered", "tenant.admin-granted");
        assertThat(tenant(tenant).admins()).containsExactly(new UserId("ada"));
        assertThat(tenant(tenant).name()).isEqualTo("Acme");

        UUID companies = outcome.collections().get(0).id();
        UUID contacts = outcome.collections().get(1).id();
        assertThat(collection(tenant, companies).attributes()).extracting(Attribute::name, Attribute::required)
                .containsExactly(tuple("Name", true), tuple("Website", false));
        List<Attribute> contactAttributes = collection(tenant, contacts).attributes();
        assertThat(contactAttributes).extracting(Attribute::name).containsExactly("Name", "Email", "Phone", "Employer");
        assertThat(contactAttributes.get(1).type()).isInstanceOf(TextType.class);
        assertThat(contactAttributes.get(3).type()).isEqualTo(new LinkType(new CollectionId(companies), "Contacts"));

        Requester ada = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
        EntityId initech = new EntityId(entities.create(ada, new CollectionId(companies),
                List.of(new ValueInput("Name", new TextValue("Initech"))), UUID.randomUUID()).block(WAIT).id());
        EntityId peter = new EntityId(entities.create(ada, new CollectionId(contacts),
                List.of(new ValueInput("Name", new TextValue("Peter"))), UUID.randomUUID()).block(WAIT).id());
        UUID link = UUID.randomUUID();
        entities.linkStep(ada, EntityHandler.LinkStepKind.LINK, peter, "Employer", initech, link).block(WAIT);
        entities.linkStep(ada, EntityHandler.LinkStepKind.BACKLINK, peter, "Employer", initech, link).block(WAIT);
        assertThat(types("entity", tenant, initech.value())).containsExactly("entity.created", "entity.backlink-added");

        // a step that runs again (a retried activity) changes nothing more
        assertThat(activities.createCollection(request, "Companies").id()).isEqualTo(companies);
        activities.grantAdmin(request);
        assertThat(types("collection", tenant, companies)).containsExactly("collection.created",
                "collection.attribute-defined", "collection.attribute-defined");
        assertThat(types("tenant", tenant, tenant)).containsExactly("tenant.registered", "tenant.admin-granted");
    }

    @Test
    void a_refusal_late_on_archives_the_collections_and_suspends_the_tenant_once_however_often_compensated() {
        List<CollectionSpec> clashing = new ArrayList<>(OnboardingTemplates.CRM);
        clashing.set(1, new CollectionSpec("Contacts", List.of(AttributeSpec.of("Name", AttributeKind.TEXT, true),
                AttributeSpec.of("name", AttributeKind.TEXT, false))));
        OnboardingRequest crm = OnboardingRequest.of(ROOT, "Clash Ltd", "crm", "ada", UUID.randomUUID());
        OnboardingRequest request = new OnboardingRequest(crm.platformAdmin(), crm.tenantId(), crm.name(), crm.template(),
                clashing, crm.adminUser(), crm.commandId());

        OnboardingOutcome outcome = onboard(request);

        assertThat(outcome.completed()).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("ALREADY_EXISTS");
        UUID tenant = request.tenantId();
        TenantState suspended = tenant(tenant);
        assertThat(suspended.suspended()).isTrue();
        assertThat(suspended.suspensionReason()).startsWith("onboarding failed at define the attributes of Contacts (ALREADY_EXISTS:");
        assertThat(suspended.admins()).isEmpty();
        List<UUID> created = new ArrayList<>();
        for (String name : List.of("Companies", "Contacts")) {
            UUID id = CollectionHandler.createdId(request.inTenant(),
                    StepIds.of(request.workflowId(), "create-collection", name)).value();
            assertThat(collection(tenant, id).archived()).as(name + " archived").isTrue();
            created.add(id);
        }
        List<String> tenantEvents = types("tenant", tenant, tenant);
        assertThat(tenantEvents).containsExactly("tenant.registered", "tenant.suspended");
        List<String> contactsEvents = types("collection", tenant, created.get(1));
        assertThat(contactsEvents).containsExactly("collection.created", "collection.attribute-defined", "collection.archived");

        assertThat(activities.archiveCollection(request, "Contacts").changed()).isTrue();
        assertThat(activities.suspendTenant(request, "once more").changed()).isTrue();
        assertThat(types("tenant", tenant, tenant)).as("the compensations, run again, write nothing more").isEqualTo(tenantEvents);
        assertThat(types("collection", tenant, created.get(1))).isEqualTo(contactsEvents);
        assertThat(tenant(tenant).suspensionReason()).isEqualTo(suspended.suspensionReason());
    }

    @Test
    void a_refused_registration_writes_nothing() {
        OnboardingRequest request = OnboardingRequest.of(ROOT, "   ", "crm", "ada", UUID.randomUUID());
        OnboardingOutcome outcome = onboard(request);
        assertThat(outcome.refusal().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(outcome.refusal().field()).isEqualTo("name");
        assertThat(types("tenant", request.tenantId(), request.tenantId())).isEmpty();
    }

    @Test
    void the_tenant_id_and_workflow_id_follow_from_the_command_id() {
        UUID commandId = UUID.randomUUID();
        OnboardingRequest once = OnboardingRequest.of(ROOT, "Acme", "crm", "ada", commandId);
        OnboardingRequest again = OnboardingRequest.of(ROOT, "Acme", "crm", "ada", commandId);
        assertThat(again.tenantId()).isEqualTo(once.tenantId());
        assertThat(once.workflowId()).isEqualTo("onboard/" + once.tenantId());
        assertThat(TenantHandler.registeredId(ROOT, commandId).value()).as("a plain registerTenant is another command")
                .isNotEqualTo(once.tenantId());
        assertThat(new Caller(ROOT.tenant().value(), "root", List.of(Role.PLATFORM_ADMIN)).requester()).isEqualTo(ROOT);
    }
}
