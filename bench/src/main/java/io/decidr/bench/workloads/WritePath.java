package io.decidr.bench.workloads;

import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Result;
import io.decidr.application.handlers.ValueInput;
import io.decidr.bench.BenchContext;
import io.decidr.bench.ClosedLoop;
import io.decidr.bench.CpuSplit;
import io.decidr.bench.Fixture;
import io.decidr.bench.JitWarmUp;
import io.decidr.bench.Measured;
import io.decidr.bench.RawPostgres;
import io.decidr.bench.Row;
import io.decidr.bench.Target;
import io.decidr.bench.Workload;
import io.decidr.domain.entity.EntityId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Commands through {@link EntityHandler} in process, at 16 clients, next to the database doing the same durable
 * writes: create (a new stream each) against a single-row insert, set-value on existing entities against a
 * read-then-append, and a mix of both against the same mix; then create at half its own maximum rate, for p99.
 */
public final class WritePath implements Workload {

    private static final int CLIENTS = 16;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "write";
    }

    @Override
    public void run(BenchContext context) {
        ClosedLoop loop = context.loop();
        EntityHandler entities = context.platform().bean(EntityHandler.class);
        Fixture fixture = context.fixture();
        List<EntityId> existing = fixture.entities(context.sizes().entities());
        String[] created = RawPostgres.sample(context.platform().postgres(), "entity.created");
        RawPostgres raw = new RawPostgres(context.platform().postgres(), created[0], created[1]);
        UUID tenant = fixture.tenant();
        int streams = existing.size();

        // the platform's write path (with and without personal values: sealing, keys, the sealed events' projection)
        // and the raw statements hot before anything is measured
        java.time.Duration warmed = JitWarmUp.run(loop, Windows.JIT_CLIENTS, Windows.jit(context), (client, n) -> {
            switch ((int) (n % 6)) {
                case 0 -> create(entities, fixture, n);
                case 1 -> setValue(entities, fixture, existing.get(pick(client, streams)), n);
                case 2 -> create(entities, fixture, Fixture.personalValues(n));
                case 3 -> set(entities, fixture, existing.get(pick(client, streams)), Fixture.email(n));
                case 4 -> raw.insert(tenant, "raw-" + UUID.randomUUID());
                default -> raw.readThenAppend(tenant, "raw-stream-" + pick(client, streams));
            }
        });
        System.out.println("bench: write warmed up (JIT settled) in " + warmed.toSeconds() + " s");

        context.settle();
        Measured rawInsert = loop.run(CLIENTS, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> raw.insert(tenant, "raw-" + UUID.randomUUID()));
        context.settle();
        Measured create = loop.run(CLIENTS, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> create(entities, fixture, n));
        context.report().add(Row.of("create", CLIENTS + " clients", create)
                .against("raw insert", rawInsert).aiming(new Target.Ratio(1.0)));

        // each client its own streams, so that raw appends never collide (the platform serializes them itself)
        context.settle();
        Measured rawAppend = loop.run(CLIENTS, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> raw.readThenAppend(tenant, "raw-stream-" + pick(client, streams)));
        context.settle();
        Measured setValue = loop.run(CLIENTS, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> setValue(entities, fixture, existing.get(pick(client, streams)), n));
        context.report().add(Row.of("set-value", CLIENTS + " clients, " + streams + " entities", setValue)
                .against("raw read-then-append", rawAppend).aiming(new Target.Ratio(1.0)));

        // personal values are sealed with their entity's key (made with its first one): what that adds, against the
        // same writes into a twin attribute that is not personal, the two measured in turn
        Measured[] createPair = inTurn(context, "create", (client, n) -> create(entities, fixture, Fixture.contactValues(n)),
                (client, n) -> create(entities, fixture, Fixture.personalValues(n)));
        context.report().add(Row.of("create, personal value", CLIENTS + " clients", createPair[1])
                .against("same value, not personal", createPair[0]).aiming(new Target.Ratio(0.9)));
        Measured[] setPair = inTurn(context, "set-value",
                (client, n) -> set(entities, fixture, existing.get(pick(client, streams)), Fixture.contact(n)),
                (client, n) -> set(entities, fixture, existing.get(pick(client, streams)), Fixture.email(n)));
        context.report().add(Row.of("set-value, personal", CLIENTS + " clients, " + streams + " entities", setPair[1])
                .against("same value, not personal", setPair[0]).aiming(new Target.Ratio(0.9)));

        context.settle();
        Measured rawMix = loop.run(CLIENTS, context.sizes().warmUp(), context.sizes().window(), (client, n) -> {
            if (n % 4 == 0) {
                raw.insert(tenant, "raw-" + UUID.randomUUID());
            } else {
                raw.readThenAppend(tenant, "raw-stream-" + pick(client, streams));
            }
        });
        context.settle();
        Measured mixed = loop.run(CLIENTS, context.sizes().warmUp(), context.sizes().window(), (client, n) -> {
            if (n % 4 == 0) {
                create(entities, fixture, n);
            } else {
                setValue(entities, fixture, existing.get(pick(client, streams)), n);
            }
        });
        context.report().add(Row.of("mixed (1 create : 3 set)", CLIENTS + " clients", mixed)
                .against("raw same mix", rawMix).aiming(new Target.Ratio(1.0)));

        double half = create.rate() / 2;
        // the database's own tail at the same offered rate: what a p99 of the platform's is to be read against
        context.settle();
        Measured rawPaced = loop.paced(CLIENTS, half, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> raw.insert(tenant, "raw-" + UUID.randomUUID()));
        context.settle();
        Measured paced = loop.paced(CLIENTS, half, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> create(entities, fixture, n));
        context.report().add(Row.of("create at half max", String.format(java.util.Locale.ROOT, "%.0f/s offered", half), paced)
                .against(String.format(java.util.Locale.ROOT, "raw insert, same rate, p99 %.1f ms", rawPaced.p99()), rawPaced)
                .aiming(new Target.P99(15)));

        context.settle();
        Measured single = loop.run(1, context.sizes().warmUp(), context.sizes().window(),
                (client, n) -> create(entities, fixture, n));
        context.report().add(Row.of("create", "1 client", single));
    }

    /**
     * Two workloads measured in turn, A B B A B A A B and then the same with A and B swapped, each turn half a window
     * (together four windows each): the machine drifts within a run, and measured in this order a steady drift weighs
     * on both alike, where one measured after the other took all of it. The swapped half is for what comes in a cycle:
     * Cassandra's flushes and compactions came about every two turns here, at the first, fourth and sixth places more
     * often than not, which are A's in the first half (the twin's turns then took up to 200 us more of Cassandra's CPU
     * per operation, and the personal row read 1.15x; with the order reversed the same code read 0.89x); in the second
     * half those places are B's. Each turn's rate and CPU per operation are printed, so a turn that a compaction hit can
     * be seen for what it is. A turn lasts until the projectors have caught up with
     * it: its rate is its operations over its window and that catch-up, so that what projecting them costs counts
     * against the turn that wrote them, not against whatever runs next (a workload whose projection falls behind
     * during its window would otherwise look faster than one whose projection keeps up).
     */
    private static Measured[] inTurn(BenchContext context, String what, ClosedLoop.Operation a, ClosedLoop.Operation b) {
        Duration half = context.sizes().window().dividedBy(2);
        List<Measured> first = new ArrayList<>();
        List<Measured> second = new ArrayList<>();
        List<Measured> firstWindows = new ArrayList<>();
        List<Measured> secondWindows = new ArrayList<>();
        StringBuilder turns = new StringBuilder();
        context.settle();
        for (char turn : "ABBABAABBAABABBA".toCharArray()) {
            boolean isA = turn == 'A';
            Measured window = context.loop().run(CLIENTS, context.sizes().warmUp(), half, isA ? a : b);
            long caughtUp = System.nanoTime();
            context.settle();
            double catchUp = (System.nanoTime() - caughtUp) / 1e9;
            Measured run = new Measured(window.operations(), window.seconds() + catchUp, window.latencies(),
                    window.errors(), window.firstError(), window.cpu());
            (isA ? first : second).add(run);
            (isA ? firstWindows : secondWindows).add(window);
            turns.append(String.format(java.util.Locale.ROOT, "%n  %c %.0f/s (caught up in %.2f s; %s)", turn, run.rate(),
                    catchUp, cpuPerOperation(window)));
        }
        System.out.println("bench: " + what + " in turn (A twin, B personal):" + turns);
        // over all turns: what the personal operation adds in each process, the turns a compaction hit included
        System.out.println("bench: " + what + " over its turns: A " + cpuPerOperation(Measured.combined(firstWindows))
                + "; B " + cpuPerOperation(Measured.combined(secondWindows)));
        return new Measured[] {Measured.combined(first), Measured.combined(second)};
    }

    /**
     * The CPU one operation took in each process, in microseconds (the turn's share of the machine's cores over its
     * rate): what tells a cost the work adds from a turn the machine slowed down for everything.
     */
    private static String cpuPerOperation(Measured run) {
        CpuSplit cpu = run.cpu();
        if (Double.isNaN(cpu.app()) || run.rate() <= 0) {
            return "cpu -";
        }
        double perShare = Runtime.getRuntime().availableProcessors() / 100.0 / run.rate() * 1e6;
        return String.format(java.util.Locale.ROOT, "app %.0f (gc %.0f) pg %.0f cas %.0f us/op, idle %.0f%%",
                cpu.app() * perShare, cpu.appGc() * perShare, cpu.postgres() * perShare, cpu.cassandra() * perShare,
                cpu.idle());
    }

    static void create(EntityHandler entities, Fixture fixture, long n) {
        Result result = entities.create(fixture.member(), fixture.items(), Fixture.values(n), UUID.randomUUID()).block(WAIT);
        if (result == null || result.duplicate()) {
            throw new IllegalStateException("create answered " + result);
        }
    }

    private static void create(EntityHandler entities, Fixture fixture, List<ValueInput> values) {
        Result result = entities.create(fixture.member(), fixture.items(), values, UUID.randomUUID()).block(WAIT);
        if (result == null || result.duplicate()) {
            throw new IllegalStateException("create answered " + result);
        }
    }

    private static void set(EntityHandler entities, Fixture fixture, EntityId entity, ValueInput value) {
        entities.setValue(fixture.member(), entity, value, UUID.randomUUID()).block(WAIT);
    }

    private static void setValue(EntityHandler entities, Fixture fixture, EntityId entity, long n) {
        entities.setValue(fixture.member(), entity, Fixture.score(n), UUID.randomUUID()).block(WAIT);
    }

    /** One of the client's own streams: client c owns c, c+16, c+32, ... */
    private static int pick(int client, int streams) {
        int owned = Math.max(1, (streams - client + CLIENTS - 1) / CLIENTS);
        return Math.min(streams - 1, client + CLIENTS * ThreadLocalRandom.current().nextInt(owned));
    }
}
