package io.decidr.cassandra.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.devservices.cassandra.EmbeddedCassandra;

/** A keyspace of its own for one test (class), on an embedded node. */
public record TestKeyspace(String name, EmbeddedCassandra server) {

    /** Creates the keyspace (SimpleStrategy, replication factor 1) through an existing session. */
    public static TestKeyspace create(CqlSession session, EmbeddedCassandra server, String name) {
        session.execute("CREATE KEYSPACE " + name
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        return new TestKeyspace(name, server);
    }

    /** A new session whose default keyspace is this one; the caller closes it. */
    public CqlSession openSession() {
        return TestSessions.builder(server).withKeyspace(name).build();
    }
}
