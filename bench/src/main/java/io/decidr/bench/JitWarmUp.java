package io.decidr.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Runs a workload's operations unmeasured until the JIT has compiled their paths: round after round until a round
 * costs the compiler less than a tenth of one core, or {@code atMost} has passed. A freshly started platform compiles
 * for a minute or more, on the same cores the measured requests need: measured before that, a row shows the compiler.
 */
public final class JitWarmUp {

    private static final Duration ROUND = Duration.ofSeconds(2);

    private JitWarmUp() {
    }

    /** How long it took, for the log. */
    public static Duration run(ClosedLoop loop, int clients, Duration atMost, ClosedLoop.Operation operation) {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        long deadline = started + atMost.toNanos();
        while (true) {
            long compiledBefore = compiler.getTotalCompilationTime();
            Duration round = Duration.ofNanos(Math.min(ROUND.toNanos(), Math.max(1, deadline - System.nanoTime())));
            loop.run(clients, round, Duration.ofMillis(1), operation);
            long compiling = compiler.getTotalCompilationTime() - compiledBefore;
            if (compiling < round.toMillis() / 10 || System.nanoTime() >= deadline) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
        }
    }
}
