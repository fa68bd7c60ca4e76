package io.decidr.messaging.consumer;

import io.decidr.messaging.contract.IntegrationEventTypes;
import io.eventuate.common.jdbc.EventuateSchema;
import io.eventuate.common.spring.jdbc.EventuateSpringJdbcStatementExecutor;
import io.eventuate.common.spring.jdbc.EventuateSpringTransactionTemplate;
import io.eventuate.tram.consumer.common.DecoratedMessageHandlerFactory;
import io.eventuate.tram.consumer.common.DuplicateDetectingMessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageConsumerImpl;
import io.eventuate.tram.consumer.common.MessageConsumerImplementation;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.jdbc.SqlTableBasedDuplicateMessageDetector;
import io.eventuate.tram.events.subscriber.DomainEventDispatcher;
import io.eventuate.tram.events.subscriber.DomainEventHandlers;
import io.eventuate.tram.messaging.common.DefaultChannelMapping;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.consumer.DefaultSubscriberMapping;
import io.eventuate.tram.messaging.consumer.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tram's consumer side, the same whatever delivers the messages (the embedded relay's {@code LocalSubscribers} or
 * Tram's Kafka consumer): each subscriber's handler runs inside a transaction that first records the message in
 * {@code eventuate.received_messages} (Tram's SQL duplicate-message detector), so a redelivered message is skipped.
 * A handler that writes through {@link #jdbc()} (same data source, same thread) commits its effect together with
 * that record; one that starts a Temporal workflow names it after the message id, so a retry cannot start it twice.
 * Messages a subscriber has no handler for are skipped before that ({@link UnhandledMessages}): nothing is recorded.
 */
public final class TramConsumers implements AutoCloseable {

    /** Milliseconds since the epoch, as PostgreSQL computes them (Tram's dialect says the same). */
    private static final String NOW_MILLIS = "(ROUND(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000))";

    private final JdbcTemplate jdbc;
    private final MessageConsumer consumer;
    private final TransactionTemplate transactions;
    private final List<DomainEventDispatcher> dispatchers = new ArrayList<>();
    private final UnhandledMessages unhandled = new UnhandledMessages();

    /** Handlers' failures reach the transport (the embedded relay retries with backoff itself). */
    public TramConsumers(DataSource data, MessageConsumerImplementation transport) {
        this(data, transport, null);
    }

    /**
     * @param retryUpTo when not null, a failing handler is tried again (pauses growing up to this) instead of failing
     *                  the transport: for Tram's Kafka consumer, which stops a subscription at its first failure
     */
    public TramConsumers(DataSource data, MessageConsumerImplementation transport, Duration retryUpTo) {
        this.jdbc = new JdbcTemplate(data);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(data));
        // handlers that read after taking a lock (the webhooks' lanes) need each statement to see the latest commits
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        SqlTableBasedDuplicateMessageDetector detector = new SqlTableBasedDuplicateMessageDetector(
                new EventuateSchema(EventuateSchema.DEFAULT_SCHEMA), NOW_MILLIS,
                new EventuateSpringJdbcStatementExecutor(jdbc), new EventuateSpringTransactionTemplate(transactions));
        List<MessageHandlerDecorator> decorators = new ArrayList<>(List.of(
                unhandled, new DuplicateDetectingMessageHandlerDecorator(detector)));
        if (retryUpTo != null) {
            decorators.add(new RetriedHandlers(retryUpTo));
        }
        this.consumer = new MessageConsumerImpl(new DefaultChannelMapping(Map.of()), transport,
                new DecoratedMessageHandlerFactory(decorators), new DefaultSubscriberMapping());
    }

    /**
     * Subscribes the handlers as one Tram subscriber: each message is handled once by {@code subscriberId}, whatever
     * other subscribers do with it.
     */
    public DomainEventDispatcher subscribe(String subscriberId, DomainEventHandlers handlers) {
        return subscribe(subscriberId, handlers, null);
    }

    /**
     * As {@link #subscribe(String, DomainEventHandlers)}, skipping (before the duplicate detection's transaction) the
     * messages for which {@code concerns} is false.
     */
    public DomainEventDispatcher subscribe(String subscriberId, DomainEventHandlers handlers,
            Predicate<Message> concerns) {
        unhandled.subscribed(subscriberId, handlers, concerns);
        DomainEventDispatcher dispatcher =
                new DomainEventDispatcher(subscriberId, handlers, consumer, new IntegrationEventTypes());
        dispatcher.initialize();
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    /** Tram's message consumer (for raw subscriptions). */
    public MessageConsumer consumer() {
        return consumer;
    }

    /** Writes in the handler's transaction (commits with the "received" record). */
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Stops consuming (a Kafka transport leaves its consumer groups). */
    @Override
    public void close() {
        consumer.close();
    }
}
