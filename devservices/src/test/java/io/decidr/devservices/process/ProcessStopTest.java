package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessStopTest {

    @Test
    void sees_a_server_gone_even_while_every_worker_of_the_common_pool_is_busy() throws Exception {
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch busy = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < workers; i++) {
            // a plain latch, not a managed blocker: the pool adds no worker to make up for it
            ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                awaitQuietly(release);
            });
        }
        Process server = new ProcessBuilder("sleep", "60").start();
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();

            assertThat(ProcessStop.stop(server.toHandle(), Duration.ofSeconds(5), "sleep")).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            assertThat(server.isAlive()).isFalse();
        } finally {
            release.countDown();
            server.destroyForcibly();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
