package io.decidr.messaging.webhooks;

import io.decidr.messaging.outbox.PersonalPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * One attempt to deliver: the endpoint checked by the {@link EndpointPolicy} (resolved again), then a signed POST that
 * connects to exactly the addresses the check approved (the client's DNS lookups are pinned to them, so a name that
 * changes its answer between the check and the connection leads nowhere new), no redirect followed, no retry of its
 * own, ended at its deadline whatever the receiver does (a timer cancels the exchange: a body trickling in does not
 * hold a sender). At most 16 KiB of an answer's body is read.
 */
final class WebhookSender implements AutoCloseable {

    private static final int MAX_BODY = 16 * 1024;

    /** The addresses approved for the attempt on this thread (the classic client resolves on the calling thread). */
    private static final ThreadLocal<List<InetAddress>> APPROVED = new ThreadLocal<>();

    private final EndpointPolicy policy;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;
    private final PersonalPayloads payloads;

    WebhookSender(EndpointPolicy policy, Duration timeout, Duration connectTimeout, int connections, int perEndpoint,
            PersonalPayloads payloads) {
        this.policy = policy;
        this.payloads = payloads;
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("webhook-deadlines").daemon().factory());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PinnedResolver())
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(perEndpoint)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(timeout))
                                .setTimeToLive(Timeout.ofMinutes(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .setResponseTimeout(Timeout.of(timeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("decidr-webhooks/1")
                .build();
    }

    /** Sends the delivery once; never throws for what the receiver or the network does. */
    DeliveryOutcome send(WebhookStore.Claimed delivery, Instant at) throws InterruptedException {
        long started = System.nanoTime();
        URI uri;
        List<InetAddress> approved;
        try {
            uri = URI.create(delivery.url());
            approved = policy.checkAtDelivery(uri);
        } catch (EndpointPolicy.Refused e) {
            return new DeliveryOutcome.Unanswered("not sent: " + e.getMessage(), millisSince(started));
        }
        String body;
        try {
            // personal values as the tenant shares them now (withheld, or erased, otherwise)
            body = payloads.open(delivery.body());
        } catch (RuntimeException e) {
            return new DeliveryOutcome.Unanswered("not sent: " + e.getMessage(), millisSince(started));
        }
        long timestamp = at.getEpochSecond();
        HttpPost post = new HttpPost(uri);
        post.setHeader("Content-Type", "application/json");
        post.setHeader(Signatures.WEBHOOK_ID_HEADER, delivery.webhookId().toString());
        post.setHeader(Signatures.DELIVERY_ID_HEADER, Long.toString(delivery.id()));
        post.setHeader(Signatures.EVENT_ID_HEADER, delivery.messageId());
        post.setHeader(Signatures.EVENT_TYPE_HEADER, delivery.eventType());
        post.setHeader(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp));
        post.setHeader(Signatures.SIGNATURE_HEADER, Signatures.header(delivery.secret(), delivery.previousSecret(),
                timestamp, body));
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        APPROVED.set(approved);
        try {
            int status = http.execute(post, response -> {
                drain(response.getEntity());
                return response.getCode();
            });
            int millis = millisSince(started);
            return status / 100 == 2 ? new DeliveryOutcome.Delivered(status, millis)
                    : new DeliveryOutcome.Refused(status, millis);
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("shutting down");
            }
            return new DeliveryOutcome.Unanswered(post.isCancelled() ? "timed out after " + timeout : failure(e),
                    millisSince(started));
        } finally {
            APPROVED.remove();
            deadline.cancel(false);
        }
    }

    /** Reads what there is of an answer's body, up to a limit (so a small one lets the connection be reused). */
    private static void drain(HttpEntity entity) throws IOException {
        if (entity == null) {
            return;
        }
        try (InputStream in = entity.getContent()) {
            byte[] buffer = new byte[4096];
            int total = 0;
            int read;
            while (total < MAX_BODY && (read = in.read(buffer)) != -1) {
                total += read;
            }
        }
    }

    private String failure(Exception e) {
        return switch (e) {
            case ConnectTimeoutException c -> "connect timed out after " + connectTimeout;
            case SocketTimeoutException s -> "timed out after " + timeout;
            case ConnectException c -> "connection refused";
            case UnknownHostException u -> "not sent: the host no longer resolves";
            case InterruptedIOException i -> "timed out after " + timeout;
            default -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }

    private static int millisSince(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
        deadlines.shutdownNow();
    }

    /** Answers the addresses the policy approved for this thread's attempt, and nothing else. */
    private static final class PinnedResolver implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            List<InetAddress> approved = APPROVED.get();
            if (approved == null || approved.isEmpty()) {
                throw new UnknownHostException(host + ": no address approved for this attempt");
            }
            return approved.toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
