package io.decidr.cassandra.crash;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Hands out one connection, on which the test has begun a transaction, to whoever asks, and leaves it open when they
 * close it. A {@code PostgresEventStore} over this appends (and reads its own appends) inside that transaction, so the
 * production command handlers and {@code CommandBus} write events that the test then commits or rolls back when it
 * chooses. Transaction control is the test's: a caller that tries it fails.
 */
final class InTransactionConnections implements ConnectionFactory {

    private final Connection connection;

    InTransactionConnections(Connection inTransaction) {
        this.connection = new Borrowed(Objects.requireNonNull(inTransaction, "inTransaction"));
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.just(connection);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return () -> "PostgreSQL";
    }

    /** The connection as callers see it: statements pass through, closing is a no-op, transactions are refused. */
    private record Borrowed(Connection connection) implements Connection {

        @Override
        public Publisher<Void> close() {
            return Mono.empty();
        }

        @Override
        public Statement createStatement(String sql) {
            return connection.createStatement(sql);
        }

        @Override
        public Batch createBatch() {
            return connection.createBatch();
        }

        @Override
        public boolean isAutoCommit() {
            return connection.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return connection.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return connection.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return connection.validate(depth);
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return refused();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return refused();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return refused();
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return refused();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return refused();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return refused();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return refused();
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return refused();
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return connection.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return connection.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
            return refused();
        }

        private static Publisher<Void> refused() {
            return Mono.error(new UnsupportedOperationException("the test owns this connection's transaction"));
        }
    }
}
