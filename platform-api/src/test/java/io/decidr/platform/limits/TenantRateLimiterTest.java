package io.decidr.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.limits.LimitProperties.TenantLimits;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantRateLimiterTest {

    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";

    /** A clock the test moves; it starts far from zero, as {@link System#nanoTime()} may. */
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(30).toNanos());

    private TenantRateLimiter limiter(double perSecond, int burst, Map<String, TenantLimits> tenants) {
        return new TenantRateLimiter(new LimitProperties(perSecond, burst, 50, 20, 1000, tenants), now::get);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void a_tenant_gets_its_burst_at_once_then_its_rate_and_is_told_when_to_retry() {
        TenantRateLimiter limiter = limiter(2, 3, Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(ACME)).isEqualTo(Admission.ADMITTED);
        }
        Admission refused = limiter.admit(ACME);
        assertThat(refused).isEqualTo(new Admission.Throttled(Duration.ofMillis(500)));
        assertThat(((Admission.Throttled) refused).retryAfterSeconds()).isEqualTo(1);

        // a refused request takes nothing: half a second later exactly one more is allowed
        advance(Duration.ofMillis(499));
        assertThat(limiter.admit(ACME)).isInstanceOf(Admission.Throttled.class);
        advance(Duration.ofMillis(1));
        assertThat(limiter.admit(ACME)).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit(ACME)).isInstanceOf(Admission.Throttled.class);

        // a quiet spell refills the bucket up to the burst, not beyond
        advance(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(ACME)).isEqualTo(Admission.ADMITTED);
        }
        assertThat(limiter.admit(ACME)).isInstanceOf(Admission.Throttled.class);
    }

    @Test
    void one_tenant_over_its_rate_does_not_touch_another_tenants() {
        TenantRateLimiter limiter = limiter(1, 1, Map.of());
        assertThat(limiter.admit(ACME)).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit(ACME)).isInstanceOf(Admission.Throttled.class);
        assertThat(limiter.admit(GLOBEX)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void a_tenant_of_its_own_has_its_own_rate_and_burst() {
        TenantRateLimiter limiter = limiter(100, 100, Map.of(ACME, new TenantLimits(0.5, 1, null)));
        assertThat(limiter.admit(ACME)).isEqualTo(Admission.ADMITTED);
        Admission refused = limiter.admit(ACME);
        assertThat(refused).isEqualTo(new Admission.Throttled(Duration.ofSeconds(2)));
        assertThat(((Admission.Throttled) refused).retryAfterSeconds()).isEqualTo(2);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.admit(GLOBEX)).isEqualTo(Admission.ADMITTED);
        }
    }

    @Test
    void retry_after_is_rounded_up_to_whole_seconds() {
        assertThat(new Admission.Throttled(Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
        assertThat(new Admission.Throttled(Duration.ofMillis(1001)).retryAfterSeconds()).isEqualTo(2);
        assertThat(new Admission.Throttled(Duration.ofSeconds(3)).retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void buckets_of_tenants_quiet_for_a_while_are_forgotten() {
        TenantRateLimiter limiter = limiter(10, 10, Map.of());
        for (int i = 0; i < 1_000; i++) {
            limiter.admit("tenant-" + i);
        }
        assertThat(limiter.tracked()).isEqualTo(1_000);
        // a busy tenant keeps its (partly used) bucket; the quiet ones, full again, are dropped at the next sweep
        advance(Duration.ofSeconds(61));
        for (int i = 0; i < 10; i++) {
            limiter.admit(ACME);
        }
        assertThat(limiter.tracked()).isEqualTo(1);
        assertThat(limiter.admit(ACME)).isInstanceOf(Admission.Throttled.class);
    }
}
