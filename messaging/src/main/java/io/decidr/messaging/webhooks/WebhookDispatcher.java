package io.decidr.messaging.webhooks;

import io.decidr.messaging.outbox.PersonalPayloads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the enqueued deliveries: claims due lane heads ({@link WebhookStore#claim}: an endpoint receives an
 * aggregate's events in order, and has a bounded share of the senders), POSTs each signed body on a sender thread,
 * records the attempt. A failure is retried after a pause that doubles from {@code initialBackoff} up to
 * {@code maxBackoff} (with a little jitter, so endpoints coming back are not hit all at once), for up to
 * {@code giveUpAfter} since its first attempt (or its replay, or its endpoint's resume); then it is dead-lettered and
 * the next event of its aggregate goes. Each attempt ({@link WebhookSender}) ends within {@code timeout} whatever the
 * receiver does (answers slowly, never answers, sends its headers and then stalls), follows no redirect, and connects
 * only to addresses the {@link EndpointPolicy} approved just before. Several processes may dispatch: claims are row
 * locks and expire well after an attempt's deadline.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /**
     * @param concurrency    requests in flight at once (per process)
     * @param perEndpoint    requests in flight at once per endpoint (all processes together, as claimed)
     * @param poll           the longest an idle dispatcher waits before looking for due deliveries again (a delivery
     *                       enqueued in this process wakes it at once)
     * @param timeout        the longest an attempt may take, from connecting to the end of the answer
     * @param connectTimeout the longest a connection may take
     * @param initialBackoff the pause after a first failure
     * @param maxBackoff     the longest pause between attempts
     * @param giveUpAfter    how long a delivery is retried before it is dead-lettered
     * @param retention      how long delivered, cancelled and dead-lettered deliveries stay in the log
     */
    public record Settings(int concurrency, int perEndpoint, Duration poll, Duration timeout, Duration connectTimeout,
            Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, Duration retention) {
    }

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration MAINTAIN_EVERY = Duration.ofMinutes(1);
    private static final Duration REPAIR_EVERY = Duration.ofMinutes(10);

    private final WebhookStore store;
    private final Settings settings;
    private final Clock clock;
    private final WebhookSender sender;
    private final ExecutorService senders;
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private final Thread loop;
    private final Duration lease;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running = true;

    public WebhookDispatcher(WebhookStore store, EndpointPolicy policy, Settings settings) {
        this(store, policy, settings, PersonalPayloads.WITHHOLDING);
    }

    /** @param payloads opens (or withholds) the personal values of each body as it is sent */
    public WebhookDispatcher(WebhookStore store, EndpointPolicy policy, Settings settings, PersonalPayloads payloads) {
        this(store, policy, settings, Clock.systemUTC(), payloads);
    }

    WebhookDispatcher(WebhookStore store, EndpointPolicy policy, Settings settings, Clock clock) {
        this(store, policy, settings, clock, PersonalPayloads.WITHHOLDING);
    }

    WebhookDispatcher(WebhookStore store, EndpointPolicy policy, Settings settings, Clock clock,
            PersonalPayloads payloads) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.senders = Executors.newFixedThreadPool(settings.concurrency(), Thread.ofPlatform()
                .name("webhook-sender-", 0).daemon().factory());
        this.sender = new WebhookSender(policy, settings.timeout(), settings.connectTimeout(),
                settings.concurrency() * 2, settings.perEndpoint(), payloads);
        this.slots = new Semaphore(settings.concurrency());
        // an attempt ends by its deadline; the claim outlives it by far (a database wait to record it, a pause)
        this.lease = settings.timeout().multipliedBy(2).plusSeconds(60);
        this.loop = Thread.ofPlatform().name("webhook-dispatcher").daemon().unstarted(this::run);
    }

    public WebhookDispatcher start() {
        loop.start();
        return this;
    }

    /** Deliveries were enqueued: look for due ones now. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    private void run() {
        Instant nextMaintenance = clock.instant();
        Instant nextRepair = clock.instant().plus(REPAIR_EVERY);
        while (running) {
            if (!clock.instant().isBefore(nextMaintenance)) {
                // scheduled before it runs: a housekeeping that keeps failing never keeps deliveries from going
                nextMaintenance = clock.instant().plus(MAINTAIN_EVERY);
                boolean repair = !clock.instant().isBefore(nextRepair);
                if (repair) {
                    nextRepair = clock.instant().plus(REPAIR_EVERY);
                }
                try {
                    store.maintain(settings.retention(), repair);
                } catch (RuntimeException e) {
                    log.warn("webhook housekeeping failed: {}", e.toString());
                }
            }
            try {
                int free = slots.availablePermits();
                List<WebhookStore.Claimed> claimed = free == 0 ? List.of()
                        : store.claim(free, settings.perEndpoint(), lease);
                for (WebhookStore.Claimed delivery : claimed) {
                    slots.acquireUninterruptibly();
                    try {
                        senders.execute(() -> {
                            try {
                                send(delivery);
                            } finally {
                                slots.release();
                                wake();
                            }
                        });
                    } catch (RejectedExecutionException e) {
                        // closing: the claim expires and the delivery goes later
                        slots.release();
                    }
                }
                if (claimed.size() < free || free == 0) {
                    wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database is out of reach: nothing was lost (claims expire), look again after a pause
                log.warn("webhook deliveries could not be claimed: {}", e.toString());
                sleep(settings.poll());
            }
        }
    }

    private void send(WebhookStore.Claimed delivery) {
        Instant at = clock.instant();
        DeliveryOutcome outcome;
        try {
            outcome = attempt(delivery, at);
        } catch (InterruptedException e) {
            // shutting down: not recorded, the claim expires and another process (or this one, restarted) sends it
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.warn("webhook delivery {}: attempt failed unexpectedly", delivery.id(), e);
            outcome = new DeliveryOutcome.Unanswered("failed: " + e.getClass().getSimpleName(), 0);
        }
        boolean ok = outcome instanceof DeliveryOutcome.Delivered;
        Instant next = ok ? null : nextAttempt(delivery, clock.instant());
        Integer status = switch (outcome) {
            case DeliveryOutcome.Delivered d -> d.status();
            case DeliveryOutcome.Refused r -> r.status();
            case DeliveryOutcome.Unanswered u -> null;
        };
        String error = switch (outcome) {
            case DeliveryOutcome.Delivered d -> null;
            case DeliveryOutcome.Refused r -> "answered " + r.status();
            case DeliveryOutcome.Unanswered u -> u.error();
        };
        WebhookStore.Outcome recorded = ok ? WebhookStore.Outcome.DELIVERED
                : next == null ? WebhookStore.Outcome.DEAD : WebhookStore.Outcome.RETRY;
        try {
            store.record(delivery, at, outcome.durationMillis(), status, error, recorded, next);
        } catch (RuntimeException e) {
            // the claim expires and the delivery goes again: at least once, receivers dedupe by the event id
            log.warn("webhook delivery {}: its attempt could not be recorded: {}", delivery.id(), e.toString());
            return;
        }
        switch (recorded) {
            case DELIVERED -> delivered.incrementAndGet();
            case RETRY -> failed.incrementAndGet();
            case DEAD -> {
                deadLettered.incrementAndGet();
                // the host only: a URL's path and query often carry the receiver's own token
                log.info("webhook delivery {} ({} to {}) dead-lettered after {} attempts: {}", delivery.id(),
                        delivery.eventType(), URI.create(delivery.url()).getHost(), delivery.attempts() + 1, error);
            }
        }
    }

    private DeliveryOutcome attempt(WebhookStore.Claimed delivery, Instant at) throws InterruptedException {
        return sender.send(delivery, at);
    }

    /**
     * When to try again, or null to dead-letter: the pause doubles with each failure of the retry period, and the last
     * try comes at its end.
     */
    Instant nextAttempt(WebhookStore.Claimed delivery, Instant now) {
        Instant deadline = delivery.retryingSince().plus(settings.giveUpAfter());
        if (!now.isBefore(deadline)) {
            return null;
        }
        int failures = delivery.tries() + 1;
        long base = settings.initialBackoff().toMillis() << Math.min(failures - 1, 30);
        long pause = Math.min(base <= 0 ? Long.MAX_VALUE : base, settings.maxBackoff().toMillis());
        pause += (long) (pause * 0.2 * ThreadLocalRandom.current().nextDouble());
        Instant next = now.plusMillis(pause);
        return next.isAfter(deadline) ? deadline : next;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops claiming, lets the attempts in flight finish (up to their deadline), then stops the client. */
    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
            senders.shutdown();
            if (!senders.awaitTermination(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
        sender.close();
    }
}
