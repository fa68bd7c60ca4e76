package io.decidr.cassandra.crash;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.CommentHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.PostgresEventStore;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One writer of {@link ProjectorGapSafetyIT}: a tenant of its own, a PostgreSQL connection of its own, and commands
 * sent through the production handlers and {@link CommandBus}, one to three of them in each explicit transaction.
 * Some transactions are held open for a while before they commit, so transactions that began later commit first;
 * about one in {@link Plan#rollBackOneIn()} is rolled back. Just before a transaction ends, the events it wrote are
 * read back on its connection and reported, with whether it committed.
 *
 * <p>The writer alone changes its tenant's data and knows what it committed, so its commands are meant to succeed:
 * any failure fails the run.
 */
final class GapWriter {

    /**
     * @param transactions   transactions after the one that sets the tenant up
     * @param heldPercent    the share of transactions held open before they end
     * @param longestHold    the longest a transaction is held open
     * @param rollBackOneIn  one transaction in this many is rolled back
     */
    record Plan(int transactions, int heldPercent, Duration longestHold, int rollBackOneIn) {
    }

    /**
     * One ended transaction.
     *
     * @param events      the ids of the events it wrote, in position order
     * @param lowest      the lowest global position it took ({@link Long#MAX_VALUE} if it wrote no event)
     * @param endingNanos {@link System#nanoTime()} just before its commit or rollback was sent
     */
    record Transaction(int writer, List<UUID> events, long lowest, boolean committed, boolean held, long endingNanos) {
    }

    private static final String WRITTEN_HERE = """
            SELECT event_id, global_position FROM events
            WHERE tx = pg_current_xact_id_if_assigned() ORDER BY global_position
            """;

    private final int number;
    private final ConnectionFactory connections;
    private final Plan plan;
    private final Random random;
    private final Consumer<Transaction> ended;
    private final Requester platform;
    /** What the committed transactions made; a transaction works on a copy, adopted only when it commits. */
    private World world;

    GapWriter(int number, ConnectionFactory connections, Plan plan, long seed, Consumer<Transaction> ended) {
        this.number = number;
        this.connections = connections;
        this.plan = plan;
        this.random = new Random(seed);
        this.ended = ended;
        this.platform = new Requester(new TenantId(new UUID(seed, number)),
                new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
    }

    /** Sets the tenant up in a first transaction (committed at once), then runs the plan's transactions. */
    Mono<Void> run() {
        return Mono.usingWhen(connections.create(),
                connection -> inTransaction(connection, this::setUp, false, false)
                        .doOnNext(committed -> world = committed)
                        .thenMany(Flux.range(0, plan.transactions()).concatMap(i -> Mono.defer(() -> next(connection))))
                        .then(),
                Connection::close);
    }

    private Mono<Void> next(Connection connection) {
        boolean rollBack = random.nextInt(plan.rollBackOneIn()) == 0;
        boolean held = random.nextInt(100) < plan.heldPercent();
        int commands = 1 + random.nextInt(3);
        World next = world.copy();
        return inTransaction(connection,
                        handlers -> Flux.range(0, commands).concatMap(i -> Mono.defer(() -> step(handlers, next)))
                                .then(Mono.just(next)),
                        held, rollBack)
                .doOnNext(committed -> world = committed)
                .then();
    }

    /**
     * Begins a transaction, does the work in it, holds it open (if {@code held}) for up to the plan's longest hold,
     * reports what it wrote, then commits or rolls back.
     *
     * @return the world the work made if the transaction committed; empty if it rolled back
     */
    private Mono<World> inTransaction(Connection connection, Function<Commands, Mono<World>> work, boolean held,
            boolean rollBack) {
        Duration hold = held ? Duration.ofMillis(1 + random.nextInt((int) plan.longestHold().toMillis())) : Duration.ZERO;
        Commands handlers = new Commands(new PostgresEventStore(new InTransactionConnections(connection)));
        return Mono.from(connection.beginTransaction())
                .then(Mono.defer(() -> work.apply(handlers)))
                .delayUntil(made -> held ? Mono.delay(hold) : Mono.empty())
                .flatMap(made -> written(connection).flatMap(events -> {
                    long ending = System.nanoTime();
                    return Mono.from(rollBack ? connection.rollbackTransaction() : connection.commitTransaction())
                            .then(Mono.fromRunnable(() -> ended.accept(new Transaction(number,
                                    events.stream().map(Written::event).toList(),
                                    events.isEmpty() ? Long.MAX_VALUE : events.getFirst().position(),
                                    !rollBack, held, ending))))
                            .then(rollBack ? Mono.<World>empty() : Mono.just(made));
                }));
    }

    private record Written(UUID event, long position) {
    }

    /** The events the connection's open transaction wrote so far. */
    private static Mono<List<Written>> written(Connection connection) {
        return Flux.from(connection.createStatement(WRITTEN_HERE).execute())
                .flatMap(result -> result.map(row -> new Written(row.get("event_id", UUID.class),
                        row.get("global_position", Long.class))))
                .collectList();
    }

    /** Registers the tenant and creates its People collection, whose entities link to each other. */
    private Mono<World> setUp(Commands handlers) {
        return handlers.tenants.register(platform, "Tenant " + number, commandId())
                .map(registered -> new Requester(new TenantId(registered.id()),
                        new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER))))
                .flatMap(ada -> handlers.collections.create(ada, "People " + number, commandId())
                        .map(created -> new World(ada, new CollectionId(created.id()))))
                .flatMap(made -> handlers.collections.defineAttribute(made.ada, made.people, "Name",
                                TextType.withDefaultMaxLength(), true, commandId())
                        .then(handlers.collections.defineAttribute(made.ada, made.people, "Score", new NumberType(),
                                false, commandId()))
                        .then(handlers.collections.defineAttribute(made.ada, made.people, "Knows",
                                new LinkType(made.people, "Known by"), false, commandId()))
                        .thenReturn(made));
    }

    /** One command, picked from what the world holds; it updates the world as the command succeeds. */
    private Mono<?> step(Commands handlers, World world) {
        int dice = random.nextInt(100);
        if (world.active.size() < 4 || dice < 22) {
            return create(handlers, world);
        }
        EntityId someone = any(world.active);
        Requester ada = world.ada;
        if (dice < 47) {
            ValueInput value = random.nextBoolean() ? text("Name", name()) : score();
            return handlers.entities.setValue(ada, someone, value, commandId());
        }
        if (dice < 52) {
            return handlers.entities.clearValue(ada, someone, "Score", commandId());
        }
        if (dice < 64) {
            EntityId other = any(world.active);
            Link link = new Link(someone, other);
            if (other.equals(someone) || world.links.contains(link)) {
                return create(handlers, world);
            }
            return LinkSteps.link(handlers.entities, ada, someone, "Knows", other, commandId())
                    .doOnSuccess(done -> world.links.add(link));
        }
        if (dice < 70 && !world.links.isEmpty()) {
            Link link = world.links.remove(random.nextInt(world.links.size()));
            return LinkSteps.unlink(handlers.entities, ada, link.source, "Knows", link.target, commandId());
        }
        if (dice < 74) {
            world.active.remove(someone);
            world.archived.add(someone);
            return handlers.entities.archive(ada, someone, commandId());
        }
        if (dice < 78 && !world.archived.isEmpty()) {
            EntityId back = world.archived.remove(random.nextInt(world.archived.size()));
            world.active.add(back);
            return handlers.entities.restore(ada, back, commandId());
        }
        if (dice < 88 || world.comments.isEmpty()) {
            return handlers.comments.add(ada, someone, "on " + name(), commandId())
                    .doOnNext(added -> world.comments.add(new CommentId(added.id())));
        }
        if (dice < 94) {
            return handlers.comments.edit(ada, any(world.comments), "edited " + name(), commandId());
        }
        if (dice < 98) {
            return handlers.comments.delete(ada, world.comments.remove(random.nextInt(world.comments.size())), commandId());
        }
        return handlers.collections.rename(ada, world.people, "People " + number + " " + name(), commandId());
    }

    private Mono<?> create(Commands handlers, World world) {
        List<ValueInput> values = new ArrayList<>(List.of(text("Name", name())));
        if (random.nextBoolean()) {
            values.add(score());
        }
        return handlers.entities.create(world.ada, world.people, values, commandId())
                .doOnNext(created -> world.active.add(new EntityId(created.id())));
    }

    private String name() {
        return "Person " + number + "-" + random.nextInt(10_000);
    }

    private ValueInput score() {
        return new ValueInput("Score", new NumberValue(BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(3))));
    }

    private static ValueInput text(String attribute, String text) {
        return new ValueInput(attribute, new TextValue(text));
    }

    private <T> T any(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private UUID commandId() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /** The production handlers over a store that writes inside one transaction (a new bus: an empty cache). */
    private static final class Commands {
        final TenantHandler tenants;
        final CollectionHandler collections;
        final EntityHandler entities;
        final CommentHandler comments;

        Commands(PostgresEventStore store) {
            CommandBus bus = TestKeys.bus(store);
            Handlers handlers = Handlers.over(bus);
            this.tenants = handlers.tenants();
            this.collections = handlers.collections();
            this.entities = handlers.entities();
            this.comments = handlers.comments();
        }
    }

    private record Link(EntityId source, EntityId target) {
    }

    /** What exists in the writer's tenant. */
    private static final class World {
        final Requester ada;
        final CollectionId people;
        final List<EntityId> active = new ArrayList<>();
        final List<EntityId> archived = new ArrayList<>();
        final List<Link> links = new ArrayList<>();
        final List<CommentId> comments = new ArrayList<>();

        World(Requester ada, CollectionId people) {
            this.ada = ada;
            this.people = people;
        }

        World copy() {
            World copy = new World(ada, people);
            copy.active.addAll(active);
            copy.archived.addAll(archived);
            copy.links.addAll(links);
            copy.comments.addAll(comments);
            return copy;
        }
    }
}
