package io.decidr.workflows.crash;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import io.decidr.workflows.link.LinkRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The tenant the kill test works in, set up through the command handlers: {@code Contacts} (Name, Score) that the
 * import fills, and {@code People} whose {@code Employer} links to {@code Companies}, with the entities the link
 * sagas join.
 */
final class SagaTenant {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ACTIVE_COMPANIES = 5;
    private static final int ARCHIVED_COMPANIES = 3;
    private static final int BYSTANDERS = 3;

    final Requester ada;
    final CollectionId contacts;
    final AttributeId name;
    final CollectionId people;
    final CollectionId companies;
    private final EntityHandler entities;

    private SagaTenant(Requester ada, CollectionId contacts, AttributeId name, CollectionId people,
            CollectionId companies, EntityHandler entities) {
        this.ada = ada;
        this.contacts = contacts;
        this.name = name;
        this.people = people;
        this.companies = companies;
        this.entities = entities;
    }

    static SagaTenant setUp(TenantHandler tenants, CollectionHandler collections, EntityHandler entities) {
        Requester root = new Requester(new TenantId(UUID.randomUUID()),
                new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID tenant = tenants.register(root, "Worker kill tenant", UUID.randomUUID()).block(WAIT).id();
        Requester ada = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
        CollectionId contacts = new CollectionId(collections.create(ada, "Contacts", UUID.randomUUID()).block(WAIT).id());
        AttributeId name = new AttributeId(collections.defineAttribute(ada, contacts, "Name",
                TextType.withDefaultMaxLength(), false, UUID.randomUUID()).block(WAIT).attributeId());
        collections.defineAttribute(ada, contacts, "Score", new NumberType(), false, UUID.randomUUID()).block(WAIT);
        CollectionId companies = new CollectionId(collections.create(ada, "Companies", UUID.randomUUID()).block(WAIT).id());
        CollectionId people = new CollectionId(collections.create(ada, "People", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(ada, people, "Employer", new LinkType(companies, "Staff"), false, UUID.randomUUID())
                .block(WAIT);
        return new SagaTenant(ada, contacts, name, people, companies, entities);
    }

    /**
     * Creates what {@code count} link sagas join and plans them, in random order: one new person per saga as its
     * source; two in three link to an active company, the others are refused by their target and compensate, half
     * of them by an archived company (ARCHIVED), half by a person, whom Employer does not allow (VALIDATION_FAILED).
     */
    List<PlannedSaga> planSagas(int count, Random random) {
        List<EntityId> active = create(companies, ACTIVE_COMPANIES);
        List<EntityId> archived = create(companies, ARCHIVED_COMPANIES);
        archived.forEach(company -> entities.archive(ada, company, UUID.randomUUID()).block(WAIT));
        List<EntityId> bystanders = create(people, BYSTANDERS);
        List<PlannedSaga> sagas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EntityId source = create(people, 1).getFirst();
            PlannedSaga saga = switch (i % 6) {
                case 4 -> planned(source, pick(archived, random), "ARCHIVED");
                case 5 -> planned(source, pick(bystanders, random), "VALIDATION_FAILED");
                default -> planned(source, pick(active, random), null);
            };
            sagas.add(saga);
        }
        Collections.shuffle(sagas, random);
        return sagas;
    }

    private PlannedSaga planned(EntityId source, EntityId target, String refusal) {
        return new PlannedSaga(LinkRequest.of(ada, source, "Employer", target, UUID.randomUUID()), refusal);
    }

    private static EntityId pick(List<EntityId> from, Random random) {
        return from.get(random.nextInt(from.size()));
    }

    private List<EntityId> create(CollectionId collection, int count) {
        List<EntityId> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(new EntityId(entities.create(ada, collection, List.of(), UUID.randomUUID()).block(WAIT).id()));
        }
        return created;
    }
}
