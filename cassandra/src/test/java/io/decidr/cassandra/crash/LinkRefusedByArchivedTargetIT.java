package io.decidr.cassandra.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.command.CommandBus;
import io.decidr.eventstore.command.CommandBusSettings;
import io.decidr.eventstore.handlers.CollectionHandler;
import io.decidr.eventstore.handlers.EntityHandler;
import io.decidr.eventstore.handlers.Requester;
import io.decidr.eventstore.handlers.TenantGate;
import io.decidr.eventstore.handlers.TenantHandler;
import io.decidr.eventstore.handlers.ValueInput;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Found by the crash-safety workload: the read model showed more backlinks than links ({@code links_by_target} one
 * row more than {@code links_by_source}), faithfully, because the event log itself holds a backlink without its link.
 *
 * <p>{@link EntityHandler#link} undoes the source's link when the target refuses the backlink. When the link already
 * existed (a repeated link, e.g. a client retry with a new command id, after the target was archived), the
 * {@code LinkEntity} appends nothing, the target refuses ({@code ARCHIVED}), and the "undo" {@code UnlinkEntity}
 * removes the link that was there before, while the target keeps its backlink. A refused command changed state.
 */
class LinkRefusedByArchivedTargetIT {

    @Test
    void a_refused_repeat_of_an_existing_link_leaves_the_link_and_its_backlink_as_they_were() {
        try (ReadSide readSide = ReadSide.start()) {
            CommandBus bus = new CommandBus(readSide.store, CommandBusSettings.DEFAULTS);
            TenantGate gate = new TenantGate(bus);
            CollectionHandler collections = new CollectionHandler(bus, gate);
            EntityHandler entities = new EntityHandler(bus, gate, collections);
            Requester platform = new Requester(new TenantId(UUID.randomUUID()),
                    new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
            UUID tenant = new TenantHandler(bus).register(platform, "Links", UUID.randomUUID()).block(Duration.ofSeconds(30)).id();
            Requester admin = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
            CollectionId companies = new CollectionId(collections.create(admin, "Companies", UUID.randomUUID()).block().id());
            collections.defineAttribute(admin, companies, "Name", TextType.withDefaultMaxLength(), true, UUID.randomUUID()).block();
            CollectionId contacts = new CollectionId(collections.create(admin, "Contacts", UUID.randomUUID()).block().id());
            AttributeId employer = new AttributeId(collections.defineAttribute(admin, contacts, "Employer",
                    new LinkType(companies, "Staff"), false, UUID.randomUUID()).block().attributeId());
            EntityId company = new EntityId(entities.create(admin, companies,
                    List.of(new ValueInput("Name", "Acme", null, null, null, null)), UUID.randomUUID()).block().id());
            EntityId contact = new EntityId(entities.create(admin, contacts, List.of(), UUID.randomUUID()).block().id());

            entities.link(admin, contact, "Employer", company, UUID.randomUUID()).block();
            entities.archive(admin, company, UUID.randomUUID()).block();
            assertThatThrownBy(() -> entities.link(admin, contact, "Employer", company, UUID.randomUUID()).block())
                    .isInstanceOfSatisfying(Rejection.class, refused -> assertThat(refused.code()).isEqualTo(RejectionCode.ARCHIVED));

            assertThat(entities.existing(admin, company).block().backlinks())
                    .as("the archived company still shows the contact as staff")
                    .anyMatch(backlink -> backlink.from(contact, employer));
            assertThat(entities.existing(admin, contact).block().linksOf(employer))
                    .as("so the contact must still link to it: the refused command must have changed nothing")
                    .containsExactly(company);
        }
    }
}
