package io.decidr.bench;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant with a collection of items (Name: text, Score: number) and as many entities in it as a workload asks for,
 * made through the command handlers like any user's.
 */
public final class Fixture {

    private static final Duration WAIT = Duration.ofMinutes(5);

    private final EntityHandler entities;
    private final Requester member;
    private final CollectionId items;
    private final List<EntityId> existing = Collections.synchronizedList(new ArrayList<>());

    private Fixture(EntityHandler entities, Requester member, CollectionId items) {
        this.entities = entities;
        this.member = member;
        this.items = items;
    }

    public static Fixture create(Platform platform) {
        TenantHandler tenants = platform.bean(TenantHandler.class);
        CollectionHandler collections = platform.bean(CollectionHandler.class);
        Requester root = new Requester(new TenantId(UUID.randomUUID()),
                new Actor(new UserId("bench-root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID tenant = tenants.register(root, "Bench", UUID.randomUUID()).block(WAIT).id();
        Requester member = new Requester(new TenantId(tenant),
                new Actor(new UserId("bench"), Set.of(Role.ADMIN, Role.MEMBER)));
        CollectionId items = new CollectionId(collections.create(member, "Items", UUID.randomUUID()).block(WAIT).id());
        collections.defineAttribute(member, items, "Name", new TextType(200), false, UUID.randomUUID()).block(WAIT);
        collections.defineAttribute(member, items, "Score", new NumberType(), false, UUID.randomUUID()).block(WAIT);
        // personal: its values are sealed with the entity's key (only the workloads that set it pay for that)
        collections.defineAttribute(member, items, "Email", new TextType(200), false, true, UUID.randomUUID())
                .block(WAIT);
        // its twin, not personal: the baseline that tells what sealing adds, and nothing else
        collections.defineAttribute(member, items, "Contact", new TextType(200), false, UUID.randomUUID()).block(WAIT);
        return new Fixture(platform.bean(EntityHandler.class), member, items);
    }

    /**
     * Links source to target the way the link saga does, without a workflow per link (setting up a graph of 10,000
     * edges through one would measure Temporal, not the workload): the source's link, then the target's backlink.
     */
    public static Mono<Void> link(EntityHandler entities, Requester by, EntityId source,
            String attribute, EntityId target) {
        UUID commandId = UUID.randomUUID();
        return entities.linkStep(by, EntityHandler.LinkStepKind.LINK, source, attribute, target, commandId)
                .then(entities.linkStep(by, EntityHandler.LinkStepKind.BACKLINK, source, attribute, target, commandId))
                .then();
    }

    public Requester member() {
        return member;
    }

    public UUID tenant() {
        return member.tenant().value();
    }

    public CollectionId items() {
        return items;
    }

    /** The values of the {@code n}th item. */
    public static List<ValueInput> values(long n) {
        return List.of(
                new ValueInput("Name", new TextValue("item " + n)),
                new ValueInput("Score", new NumberValue(BigDecimal.valueOf(n % 1_000))));
    }

    /** The values of the {@code n}th item with a personal one (its Email). */
    public static List<ValueInput> personalValues(long n) {
        return List.of(
                new ValueInput("Name", new TextValue("item " + n)),
                new ValueInput("Score", new NumberValue(BigDecimal.valueOf(n % 1_000))),
                email(n));
    }

    /** The same values with the Email in the attribute that is not personal (Contact). */
    public static List<ValueInput> contactValues(long n) {
        return List.of(
                new ValueInput("Name", new TextValue("item " + n)),
                new ValueInput("Score", new NumberValue(BigDecimal.valueOf(n % 1_000))),
                contact(n));
    }

    /** A value of the personal attribute. */
    public static ValueInput email(long n) {
        return new ValueInput("Email", new TextValue("person-" + n + "@example.org"));
    }

    /** The same value in the attribute that is not personal. */
    public static ValueInput contact(long n) {
        return new ValueInput("Contact", new TextValue("person-" + n + "@example.org"));
    }

    public static ValueInput score(long score) {
        return new ValueInput("Score", new NumberValue(BigDecimal.valueOf(score)));
    }

    /** At least {@code count} entities of the collection, created now if there are fewer. */
    public List<EntityId> entities(int count) {
        int missing = count - existing.size();
        if (missing > 0) {
            Flux.range(0, missing)
                    .flatMap(i -> entities.create(member, items, values(i), UUID.randomUUID()), 16)
                    .doOnNext(result -> existing.add(new EntityId(result.id())))
                    .blockLast(WAIT);
        }
        synchronized (existing) {
            return List.copyOf(existing.subList(0, count));
        }
    }

    /** Remembers an entity a workload created, for later ones to use. */
    public void created(EntityId id) {
        existing.add(id);
    }
}
