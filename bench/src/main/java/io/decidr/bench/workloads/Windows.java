package io.decidr.bench.workloads;

import io.decidr.bench.BenchContext;
import java.time.Duration;

/**
 * Shorter windows for the read workloads, which measure many rows: reads settle within a second, and the full run
 * should stay near a minute for all of them together.
 */
final class Windows {

    /**
     * Clients of a JIT warm-up: enough to run every path often, few enough that the compiler threads get a good share
     * of the two cores (at 16 clients they got so little that the reads' warm-up ran out before the JIT settled).
     */
    static final int JIT_CLIENTS = 4;

    private Windows() {
    }

    static Duration warmUp(BenchContext context) {
        return context.sizes().smoke() ? Duration.ofMillis(200) : Duration.ofSeconds(1);
    }

    /** The longest a workload's operations run unmeasured first, until the JIT has compiled their paths. */
    static Duration jit(BenchContext context) {
        return context.sizes().smoke() ? Duration.ofMillis(500)
                : Duration.ofSeconds(Long.getLong("bench.jit.max-seconds", 40));
    }

    static Duration window(BenchContext context) {
        return context.sizes().smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(3);
    }
}
