package io.decidr.messaging.webhooks;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the enqueued deliveries: claims due ones (each the head of its endpoint's lane per aggregate, see
 * {@link WebhookStore#claim}), POSTs each signed body on a worker thread, records the attempt. A failure is retried
 * after a pause that doubles from {@code initialBackoff} up to {@code maxBackoff} (with a little jitter, so endpoints
 * coming back are not hit all at once), for up to {@code giveUpAfter} since the delivery was enqueued (or replayed);
 * then it is dead-lettered and the next event of its aggregate goes. Redirects are not followed, and every attempt
 * resolves the host again and checks the addresses ({@link EndpointPolicy}): DNS that changed after registration does
 * not open a way in. Several processes may dispatch: claims are row locks and expire after the request's timeout.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /**
     * @param concurrency    requests in flight at once (per process)
     * @param poll           the longest an idle dispatcher waits before looking for due deliveries again (a delivery
     *                       enqueued in this process wakes it at once)
     * @param timeout        the longest a request may take, answer included
     * @param connectTimeout the longest a connection may take
     * @param initialBackoff the pause after a first failure
     * @param maxBackoff     the longest pause between attempts
     * @param giveUpAfter    how long a delivery is retried before it is dead-lettered
     * @param retention      how long delivered and cancelled deliveries stay in the log
     */
    public record Settings(int concurrency, Duration poll, Duration timeout, Duration connectTimeout,
            Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, Duration retention) {
    }

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final WebhookStore store;
    private final EndpointPolicy policy;
    private final Settings settings;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService senders;
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private final Thread loop;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running = true;

    public WebhookDispatcher(WebhookStore store, EndpointPolicy policy, Settings settings) {
        this(store, policy, settings, Clock.systemUTC());
    }

    WebhookDispatcher(WebhookStore store, EndpointPolicy policy, Settings settings, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
        this.senders = Executors.newFixedThreadPool(settings.concurrency(), Thread.ofPlatform()
                .name("webhook-sender-", 0).daemon().factory());
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build(); // its own executor: the senders block in send() while the client completes the exchange
        this.slots = new Semaphore(settings.concurrency());
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
        Instant nextPurge = clock.instant();
        Duration lease = settings.timeout().plus(settings.connectTimeout()).plusSeconds(30);
        while (running) {
            try {
                if (!clock.instant().isBefore(nextPurge)) {
                    store.purge(settings.retention());
                    nextPurge = clock.instant().plus(PURGE_EVERY);
                }
                int free = slots.availablePermits();
                List<WebhookStore.Claimed> claimed = free == 0 ? List.of() : store.claim(free, lease);
                for (WebhookStore.Claimed delivery : claimed) {
                    slots.acquireUninterruptibly();
                    senders.execute(() -> {
                        try {
                            send(delivery);
                        } finally {
                            slots.release();
                            wake();
                        }
                    });
                }
                if (claimed.isEmpty() || claimed.size() < free) {
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
        DeliveryOutcome outcome = attempt(delivery, at);
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
        try {
            store.record(delivery, at, outcome.durationMillis(), status, error, ok, next);
        } catch (RuntimeException e) {
            // the claim expires and the delivery goes again: at least once, receivers dedupe by the event id
            log.warn("webhook delivery {}: its attempt could not be recorded: {}", delivery.id(), e.toString());
            return;
        }
        if (ok) {
            delivered.incrementAndGet();
        } else if (next == null) {
            deadLettered.incrementAndGet();
            log.info("webhook delivery {} ({} to {}) dead-lettered after {} attempts: {}", delivery.id(),
                    delivery.eventType(), delivery.url(), delivery.attempts() + 1, error);
        } else {
            failed.incrementAndGet();
        }
    }

    private DeliveryOutcome attempt(WebhookStore.Claimed delivery, Instant at) {
        long started = System.nanoTime();
        try {
            URI uri = URI.create(delivery.url());
            policy.checkAtDelivery(uri);
            long timestamp = at.getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "decidr-webhooks/1")
                    .header(Signatures.WEBHOOK_ID_HEADER, delivery.webhookId().toString())
                    .header(Signatures.DELIVERY_ID_HEADER, Long.toString(delivery.id()))
                    .header(Signatures.EVENT_ID_HEADER, delivery.messageId())
                    .header(Signatures.EVENT_TYPE_HEADER, delivery.eventType())
                    .header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(Signatures.SIGNATURE_HEADER, Signatures.header(delivery.secret(),
                            delivery.previousSecret(), timestamp, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int millis = millisSince(started);
            return response.statusCode() / 100 == 2
                    ? new DeliveryOutcome.Delivered(response.statusCode(), millis)
                    : new DeliveryOutcome.Refused(response.statusCode(), millis);
        } catch (EndpointPolicy.Refused e) {
            return new DeliveryOutcome.Unanswered("not sent: " + e.getMessage(), millisSince(started));
        } catch (HttpConnectTimeoutException e) {
            return new DeliveryOutcome.Unanswered("connect timed out after " + settings.connectTimeout(),
                    millisSince(started));
        } catch (HttpTimeoutException e) {
            return new DeliveryOutcome.Unanswered("timed out after " + settings.timeout(), millisSince(started));
        } catch (ConnectException e) {
            return new DeliveryOutcome.Unanswered("connection refused", millisSince(started));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new DeliveryOutcome.Unanswered(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Unanswered("interrupted (shutting down)", millisSince(started));
        }
    }

    /** When to try again, or null to dead-letter: the pause doubles per attempt, the last try comes at the deadline. */
    Instant nextAttempt(WebhookStore.Claimed delivery, Instant now) {
        Instant deadline = delivery.retryingSince().plus(settings.giveUpAfter());
        if (!now.isBefore(deadline)) {
            return null;
        }
        int failures = delivery.attempts() + 1;
        long base = settings.initialBackoff().toMillis() << Math.min(failures - 1, 30);
        long pause = Math.min(base <= 0 ? Long.MAX_VALUE : base, settings.maxBackoff().toMillis());
        pause += (long) (pause * 0.2 * ThreadLocalRandom.current().nextDouble());
        Instant next = now.plusMillis(pause);
        return next.isAfter(deadline) ? deadline : next;
    }

    private static int millisSince(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
        http.shutdownNow();
    }
}
