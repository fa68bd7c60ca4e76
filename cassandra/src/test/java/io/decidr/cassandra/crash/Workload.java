package io.decidr.cassandra.crash;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.CommentHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.JobHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Result;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobSummary;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.PostgresEventStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A realistic mix of commands, sent through the production command handlers and {@link CommandBus} over a real
 * event store: tenants registered (with an admin granted), renamed, suspended and reactivated; collections with
 * every attribute type, renamed, attributes added, renamed and removed, one collection archived; entities created,
 * values set and cleared, archived and restored, linked and unlinked (with their backlinks, including links the target
 * refuses); comments added, edited and deleted; compute jobs requested and reported on by their workflow (as an
 * operator) through to every outcome, a cancel asked for before and after the start among them.
 *
 * <p>Each tenant runs one command at a time, from its own seeded random source and its own picture of what
 * exists, so its commands are meant to succeed; tenants run in parallel. The few rejections that are part of the
 * mix (linking to an archived entity is refused and undone) are counted by code, not failed on; any other error
 * fails the run.
 */
final class Workload {

    private static final int ROUND = 20;
    private static final int WAIT_MILLIS = 20;
    /** Each tenant archives its Projects collection (with its entities in it) at this step. */
    private static final int ARCHIVE_PROJECTS_AT_STEP = 200;
    private static final List<String> TIERS = List.of("gold", "silver", "bronze");
    private static final String[] WORDS = {"acme", "north", "blue", "Zoë", "delta", "quartz", "río", "nine", "lumen",
            "oak", "vector", "harbor", "straße", "kite", "ember"};

    private final PostgresEventStore store;
    private final TenantHandler tenantHandler;
    private final CollectionHandler collectionHandler;
    private final EntityHandler entityHandler;
    private final CommentHandler commentHandler;
    private final JobHandler jobHandler;
    private final Random seeds;
    private final Requester platform;
    private final List<TenantWorld> worlds = new ArrayList<>();
    private final AtomicLong commands = new AtomicLong();
    private final Map<String, AtomicLong> rejections = new ConcurrentHashMap<>();

    Workload(PostgresEventStore store, long seed) {
        this.store = store;
        CommandBus bus = TestKeys.bus(store);
        Handlers handlers = Handlers.over(bus);
        this.tenantHandler = handlers.tenants();
        this.collectionHandler = handlers.collections();
        this.entityHandler = handlers.entities();
        this.commentHandler = handlers.comments();
        this.jobHandler = handlers.jobs();
        this.seeds = new Random(seed);
        this.platform = requester(new UUID(seed, 0), "root", Role.PLATFORM_ADMIN);
    }

    /** Registers the tenants and creates their collections and attributes. */
    Workload setUp(int tenants) {
        Flux.range(0, tenants)
                .concatMap(i -> tenantHandler.register(platform, "Tenant " + i, commandId(seeds))
                        .flatMap(registered -> tenantHandler.grantAdmin(platform, new TenantId(registered.id()),
                                new UserId("ada"), commandId(seeds)).thenReturn(registered))
                        .map(registered -> new TenantWorld(i, registered.id(), new Random(seeds.nextLong()))))
                .concatMap(world -> world.schema().thenReturn(world))
                .doOnNext(worlds::add)
                .then()
                .block(Duration.ofMinutes(2));
        return this;
    }

    /**
     * Sends commands in every tenant until the log holds at least {@code targetEvents} events.
     *
     * @return how many events the log holds then
     */
    long runUntil(long targetEvents, Duration timeout) {
        return runUntil(count -> count >= targetEvents, () -> Long.MAX_VALUE, timeout);
    }

    /**
     * Sends commands in every tenant until {@code enough} says so of the number of events in the log (asked after
     * every {@value #ROUND} commands of each tenant). Once the log holds {@code allowance} events, the tenants wait
     * (looking again every {@value #WAIT_MILLIS} ms) until the allowance grows or it is enough: this is how a test
     * spreads the appends over something that takes its own time.
     *
     * @return how many events the log holds then
     */
    long runUntil(LongPredicate enough, LongSupplier allowance, Duration timeout) {
        Flux.fromIterable(worlds)
                .flatMap(world -> world.round(ROUND).then(eventCount())
                        .delayUntil(count -> Mono.fromSupplier(() -> allowance.getAsLong() > count || enough.test(count))
                                .filter(go -> go)
                                .repeatWhenEmpty(tries -> tries.delayElements(Duration.ofMillis(WAIT_MILLIS))))
                        .repeat()
                        .takeUntil(enough::test)
                        .then(), worlds.size())
                .then()
                .block(timeout);
        return eventCount().block(Duration.ofSeconds(30));
    }

    /** Events in the log now, committed or not. */
    Mono<Long> eventCount() {
        return store.countAfter(Checkpoint.START, Long.MAX_VALUE);
    }

    long commands() {
        return commands.get();
    }

    /** The tenants {@link #setUp(int)} registered. */
    List<UUID> tenantIds() {
        return worlds.stream().map(world -> world.tenant).toList();
    }

    /** Rejections by code, e.g. {@code {ARCHIVED=12}}: the refused links to archived entities. */
    Map<String, Long> rejections() {
        Map<String, Long> counts = new TreeMap<>();
        rejections.forEach((code, count) -> counts.put(code, count.get()));
        return counts;
    }

    private static UUID commandId(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /** One entity as its tenant's script knows it. */
    private static final class Known {
        final EntityId id;
        final Kind kind;
        boolean archived;

        Known(UUID id, Kind kind) {
            this.id = new EntityId(id);
            this.kind = kind;
        }
    }

    private enum Kind { COMPANY, CONTACT, PROJECT }

    /** How a job's workflow goes, one after the other in each tenant (from another one in each). */
    private enum JobPlan {
        /** Starts, reports progress, completes. */
        COMPLETE,
        /** Starts, reports progress (errors it got past among them), fails. */
        FAIL,
        /** A cancel is asked for before the start; the workflow starts it all the same, then reports it cancelled. */
        CANCEL_BEFORE_START,
        /** Starts, reports progress, a cancel is asked for, reports more progress, undoes its work. */
        COMPENSATE,
        /** Fails before it starts. */
        FAIL_BEFORE_START
    }

    /** One open job as its tenant's script knows it. */
    private static final class KnownJob {
        final JobId id;
        final Requester requester;
        final JobPlan plan;
        boolean started;
        boolean cancelRequested;
        long done;
        long total;
        int reports;

        KnownJob(UUID id, Requester requester, JobPlan plan) {
            this.id = new JobId(id);
            this.requester = requester;
            this.plan = plan;
        }
    }

    private record Link(Known source, String attribute, Known target) {
    }

    /** One comment as its tenant's script knows it. */
    private static final class KnownComment {
        final CommentId id;
        final Requester author;

        KnownComment(UUID id, Requester author) {
            this.id = new CommentId(id);
            this.author = author;
        }
    }

    /** One tenant: its callers, collections and what exists in it, and the random commands it sends. */
    private final class TenantWorld {
        final int index;
        final UUID tenant;
        final Random random;
        final Requester admin;
        final List<Requester> members;
        CollectionId companies;
        CollectionId contacts;
        CollectionId projects;
        boolean projectsArchived;
        final List<String> projectExtras = new ArrayList<>();
        int extrasDefined;
        final List<Known> entities = new ArrayList<>();
        final List<Link> links = new ArrayList<>();
        final List<KnownComment> comments = new ArrayList<>();
        final Requester worker;
        final List<KnownJob> openJobs = new ArrayList<>();
        int jobsRequested;
        int steps;

        TenantWorld(int index, UUID tenant, Random random) {
            this.index = index;
            this.tenant = tenant;
            this.random = random;
            this.admin = requester(tenant, "ada", Role.ADMIN, Role.MEMBER);
            this.members = List.of(admin, requester(tenant, "bob", Role.MEMBER), requester(tenant, "cy", Role.MEMBER));
            this.worker = requester(tenant, "worker", Role.OPERATOR);
        }

        Mono<Void> schema() {
            return collection("Companies").doOnNext(id -> companies = id)
                    .flatMap(id -> attribute(id, "Name", TextType.withDefaultMaxLength(), true)
                            .then(attribute(id, "Tier", new SelectType(TIERS), false))
                            .then(attribute(id, "Revenue", new NumberType(), false))
                            .then(attribute(id, "Active", new BooleanType(), false))
                            .then(attribute(id, "Founded", new DateType(), false))
                            .then(attribute(id, "Notes", new TextType(500), false)))
                    .then(collection("Contacts")).doOnNext(id -> contacts = id)
                    .flatMap(id -> attribute(id, "Name", TextType.withDefaultMaxLength(), true)
                            .then(attribute(id, "Email", new TextType(200), false))
                            .then(attribute(id, "Employer", new LinkType(companies, "Staff"), false))
                            .then(attribute(id, "Knows", new LinkType(id, "Known by"), false)))
                    .then(collection("Projects")).doOnNext(id -> projects = id)
                    .flatMap(id -> attribute(id, "Title", TextType.withDefaultMaxLength(), true)
                            .then(attribute(id, "Budget", new NumberType(), false))
                            // every kind of schema change at least once, whatever the dice say later
                            .then(attribute(id, "Phase", new TextType(100), false))
                            .then(collectionHandler.renameAttribute(admin, id, "Phase", "Stage", commandId(random)))
                            .doOnNext(renamed -> projectExtras.add("Stage"))
                            .then(attribute(id, "Legacy", new TextType(100), false))
                            .then(collectionHandler.removeAttribute(admin, id, "Legacy", commandId(random))))
                    .then();
        }

        private Mono<CollectionId> collection(String name) {
            return collectionHandler.create(admin, name, commandId(random)).map(result -> new CollectionId(result.id()));
        }

        private Mono<Void> attribute(CollectionId collection, String name, AttributeType type, boolean required) {
            return collectionHandler.defineAttribute(admin, collection, name, type, required, commandId(random)).then();
        }

        /** {@code count} commands, one after the other. */
        Mono<Void> round(int count) {
            return Flux.range(0, count).concatMap(i -> Mono.defer(this::step)).then();
        }

        private Mono<Void> step() {
            steps++;
            commands.incrementAndGet();
            return command().then().onErrorResume(Rejection.class, rejection -> {
                rejections.computeIfAbsent(rejection.code().name(), code -> new AtomicLong()).incrementAndGet();
                return Mono.empty();
            });
        }

        /** Picks the next command: mostly entity and comment work, now and then a job's, a schema or tenant change. */
        private Mono<?> command() {
            int dice = random.nextInt(1_000);
            if (steps == ARCHIVE_PROJECTS_AT_STEP) {
                projectsArchived = true;
                return collectionHandler.archive(admin, projects, commandId(random));
            }
            if (entities.size() < 6 || dice < 150) {
                return create();
            }
            if (dice < 420) {
                return setValue();
            }
            if (dice < 450) {
                return job();
            }
            if (dice < 500) {
                return clearValue();
            }
            if (dice < 530) {
                return archive();
            }
            if (dice < 560) {
                return restore();
            }
            if (dice < 680) {
                return link();
            }
            if (dice < 730) {
                return unlink();
            }
            if (dice < 830) {
                return addComment();
            }
            if (dice < 880) {
                return editComment();
            }
            if (dice < 910) {
                return deleteComment();
            }
            if (dice < 925) {
                return tenantHandler.rename(admin, "Tenant " + word() + " " + random.nextInt(100), commandId(random));
            }
            if (dice < 932) {
                return suspendAndReactivate();
            }
            if (dice < 945) {
                CollectionId which = random.nextBoolean() ? companies : contacts;
                return collectionHandler.rename(admin, which, (which == companies ? "Companies " : "People ") + word(),
                        commandId(random));
            }
            if (dice < 975) {
                return projectSchemaChange();
            }
            return job();
        }

        private Mono<?> create() {
            int pick = random.nextInt(10);
            Requester by = any(members);
            if (pick < 4) {
                List<ValueInput> values = new ArrayList<>(List.of(text("Name", "Company " + word() + " " + random.nextInt(10_000))));
                if (random.nextBoolean()) {
                    values.add(option("Tier", TIERS.get(random.nextInt(TIERS.size()))));
                }
                if (random.nextBoolean()) {
                    values.add(number("Revenue"));
                }
                if (random.nextInt(3) == 0) {
                    values.add(new ValueInput("Founded", new DateValue(date())));
                }
                return created(entityHandler.create(by, companies, values, commandId(random)), Kind.COMPANY);
            }
            if (pick < 8 || projectsArchived) {
                List<ValueInput> values = new ArrayList<>(List.of(text("Name", word() + " " + word())));
                if (random.nextBoolean()) {
                    values.add(text("Email", word().toLowerCase() + random.nextInt(1_000) + "@example.org"));
                }
                return created(entityHandler.create(by, contacts, values, commandId(random)), Kind.CONTACT);
            }
            return created(entityHandler.create(by, projects, List.of(text("Title", "Project " + word())),
                    commandId(random)), Kind.PROJECT);
        }

        private Mono<?> created(Mono<Result> creation, Kind kind) {
            return creation.doOnNext(result -> entities.add(new Known(result.id(), kind)));
        }

        private Mono<?> setValue() {
            Known entity = activeEntity();
            if (entity == null) {
                return create();
            }
            ValueInput value = switch (entity.kind) {
                case COMPANY -> switch (random.nextInt(6)) {
                    case 0 -> text("Name", "Company " + word() + " " + random.nextInt(10_000));
                    case 1 -> option("Tier", TIERS.get(random.nextInt(TIERS.size())));
                    case 2 -> number("Revenue");
                    case 3 -> new ValueInput("Active", new BooleanValue(random.nextBoolean()));
                    case 4 -> new ValueInput("Founded", new DateValue(date()));
                    default -> text("Notes", word() + " " + word() + " " + word());
                };
                case CONTACT -> random.nextBoolean()
                        ? text("Name", word() + " " + word())
                        : text("Email", word().toLowerCase() + random.nextInt(1_000) + "@example.org");
                case PROJECT -> projectExtras.isEmpty() || random.nextBoolean()
                        ? number("Budget")
                        : text(any(projectExtras), word());
            };
            return entityHandler.setValue(any(members), entity.id, value, commandId(random));
        }

        private Mono<?> clearValue() {
            Known entity = activeEntity();
            if (entity == null) {
                return create();
            }
            String attribute = switch (entity.kind) {
                case COMPANY -> List.of("Tier", "Revenue", "Active", "Founded", "Notes").get(random.nextInt(5));
                case CONTACT -> "Email";
                case PROJECT -> "Budget";
            };
            return entityHandler.clearValue(any(members), entity.id, attribute, commandId(random));
        }

        private Mono<?> archive() {
            Known entity = activeEntity();
            if (entity == null) {
                return create();
            }
            return entityHandler.archive(any(members), entity.id, commandId(random)).doOnNext(done -> entity.archived = true);
        }

        private Mono<?> restore() {
            List<Known> archived = entities.stream().filter(e -> e.archived && e.kind != Kind.PROJECT).toList();
            if (archived.isEmpty()) {
                return archive();
            }
            Known entity = any(archived);
            return entityHandler.restore(any(members), entity.id, commandId(random)).doOnNext(done -> entity.archived = false);
        }

        /** A contact's employer (a company) or acquaintance (a contact); an archived target refuses, which is undone. */
        private Mono<?> link() {
            List<Known> sources = entities.stream().filter(e -> e.kind == Kind.CONTACT && !e.archived).toList();
            boolean employer = random.nextInt(3) > 0;
            List<Known> targets = entities.stream().filter(e -> e.kind == (employer ? Kind.COMPANY : Kind.CONTACT)).toList();
            if (sources.isEmpty() || targets.isEmpty()) {
                return create();
            }
            Known source = any(sources);
            Known target = any(targets);
            String attribute = employer ? "Employer" : "Knows";
            return LinkSteps.link(entityHandler, any(members), source.id, attribute, target.id, commandId(random))
                    .doOnSuccess(done -> {
                        if (!links.contains(new Link(source, attribute, target))) {
                            links.add(new Link(source, attribute, target));
                        }
                    });
        }

        private Mono<?> unlink() {
            if (links.isEmpty()) {
                return link();
            }
            Link link = links.get(random.nextInt(links.size()));
            return LinkSteps.unlink(entityHandler, any(members), link.source().id, link.attribute(), link.target().id,
                    commandId(random)).doOnSuccess(done -> links.remove(link));
        }

        private Mono<?> addComment() {
            Known entity = activeEntity();
            if (entity == null) {
                return create();
            }
            Requester author = any(members);
            return commentHandler.add(author, entity.id, "  " + word() + " says " + word() + " " + random.nextInt(100) + "  ",
                    commandId(random)).doOnNext(result -> comments.add(new KnownComment(result.id(), author)));
        }

        private Mono<?> editComment() {
            if (comments.isEmpty()) {
                return addComment();
            }
            KnownComment comment = any(comments);
            return commentHandler.edit(comment.author, comment.id, word() + " (edited " + random.nextInt(1_000) + ")",
                    commandId(random));
        }

        private Mono<?> deleteComment() {
            if (comments.isEmpty()) {
                return addComment();
            }
            KnownComment comment = comments.remove(random.nextInt(comments.size()));
            Requester by = random.nextBoolean() ? comment.author : admin;
            return commentHandler.delete(by, comment.id, commandId(random));
        }

        /** Suspends the tenant and reactivates it at once: its own commands are the only ones in between. */
        private Mono<?> suspendAndReactivate() {
            return tenantHandler.suspend(platform, new TenantId(tenant), "overdue invoice " + random.nextInt(100),
                            commandId(random))
                    .then(tenantHandler.reactivate(platform, new TenantId(tenant), commandId(random)));
        }

        private Mono<?> projectSchemaChange() {
            if (projectsArchived) {
                return setValue();
            }
            int pick = random.nextInt(3);
            if (pick == 0 || projectExtras.isEmpty()) {
                String name = "Extra " + (++extrasDefined);
                return collectionHandler.defineAttribute(admin, projects, name, new TextType(100), false, commandId(random))
                        .doOnNext(done -> projectExtras.add(name));
            }
            int index = random.nextInt(projectExtras.size());
            String name = projectExtras.get(index);
            if (pick == 1) {
                String renamed = name + " " + word();
                return collectionHandler.renameAttribute(admin, projects, name, renamed, commandId(random))
                        .doOnNext(done -> projectExtras.set(index, renamed));
            }
            return collectionHandler.removeAttribute(admin, projects, name, commandId(random))
                    .doOnNext(done -> projectExtras.remove(index));
        }

        /** Requests a job, or takes an open one a step further: a report of its workflow, or a user's cancel. */
        private Mono<?> job() {
            if (openJobs.isEmpty() || openJobs.size() < 3 && random.nextInt(4) == 0) {
                return requestJob();
            }
            KnownJob job = any(openJobs);
            return switch (job.plan) {
                case FAIL_BEFORE_START -> outcome(job);
                case CANCEL_BEFORE_START -> !job.cancelRequested ? requestCancel(job)
                        : !job.started ? startJob(job)
                        : outcome(job);
                case COMPLETE, FAIL, COMPENSATE -> !job.started ? startJob(job)
                        : job.plan == JobPlan.COMPENSATE && !job.cancelRequested && job.reports > 0 ? requestCancel(job)
                        : job.reports < 3 ? progress(job)
                        : outcome(job);
            };
        }

        /** The workflow reports how the job ended; it is no longer open. */
        private Mono<?> outcome(KnownJob job) {
            Mono<Result> outcome = switch (job.plan) {
                case COMPLETE -> jobHandler.complete(worker, job.id,
                        new JobSummary(job.done / 2, job.done - job.done / 2, random.nextInt(5)), commandId(random));
                case FAIL, FAIL_BEFORE_START -> jobHandler.fail(worker, job.id, "lost " + word(), commandId(random));
                case CANCEL_BEFORE_START -> jobHandler.cancelled(worker, job.id, commandId(random));
                case COMPENSATE -> jobHandler.compensated(worker, job.id, job.done, commandId(random));
            };
            return outcome.doOnNext(done -> openJobs.remove(job));
        }

        private Mono<?> requestJob() {
            Requester by = any(members);
            JobPlan plan = JobPlan.values()[(index + jobsRequested++) % JobPlan.values().length];
            JobKind kind = JobKind.values()[random.nextInt(JobKind.values().length)];
            return jobHandler.request(by, kind, random.nextBoolean() ? companies : contacts,
                            "{\"note\": \"" + word() + "\"}", commandId(random))
                    .doOnNext(result -> openJobs.add(new KnownJob(result.id(), by, plan)));
        }

        private Mono<?> startJob(KnownJob job) {
            long total = random.nextBoolean() ? 30 + random.nextInt(270) : -1;
            return jobHandler.start(worker, job.id, total, "job/" + tenant + "/" + job.id,
                    new UUID(random.nextLong(), random.nextLong()).toString(), commandId(random))
                    .doOnNext(started -> {
                        job.started = true;
                        job.total = total;
                    });
        }

        /** Moves the job on by some items; a job that did not know its total learns it at its second report. */
        private Mono<?> progress(KnownJob job) {
            long total = job.total < 0 && job.reports > 0 ? job.done + 50 : job.total;
            long done = Math.min(job.done + 1 + random.nextInt(20), total < 0 ? Long.MAX_VALUE : total);
            String lastError = random.nextInt(3) == 0 ? "row " + random.nextInt(1_000) + ": " + word() : null;
            return jobHandler.progress(worker, job.id, done, total, lastError, commandId(random))
                    .doOnNext(reported -> {
                        job.done = done;
                        job.total = total;
                        job.reports++;
                    });
        }

        private Mono<?> requestCancel(KnownJob job) {
            return jobHandler.requestCancel(random.nextBoolean() ? job.requester : admin, job.id, commandId(random))
                    .doOnNext(asked -> job.cancelRequested = true);
        }

        /** An entity that takes changes: not archived, and not in an archived collection. */
        private Known activeEntity() {
            List<Known> active = entities.stream()
                    .filter(e -> !e.archived && !(e.kind == Kind.PROJECT && projectsArchived))
                    .toList();
            return active.isEmpty() ? null : any(active);
        }

        private <T> T any(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }

        private String word() {
            return WORDS[random.nextInt(WORDS.length)];
        }

        private ValueInput number(String attribute) {
            // scales 0 to 3, so that equal numbers in different notations (12.5, 12.50) occur
            return new ValueInput(attribute, new NumberValue(BigDecimal.valueOf(random.nextInt(5_000_000), random.nextInt(4))));
        }

        private LocalDate date() {
            return LocalDate.of(1950, 1, 1).plusDays(random.nextInt(27_000));
        }
    }

    private static ValueInput text(String attribute, String text) {
        return new ValueInput(attribute, new TextValue(text));
    }

    private static ValueInput option(String attribute, String option) {
        return new ValueInput(attribute, new SelectValue(option));
    }

    private static Requester requester(UUID tenant, String user, Role... roles) {
        return new Requester(new TenantId(tenant), new Actor(new UserId(user), Set.of(roles)));
    }
}
