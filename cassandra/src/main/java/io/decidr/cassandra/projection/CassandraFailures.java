package io.decidr.cassandra.projection;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import java.util.function.Predicate;

/** Which driver failures mean "Cassandra is not answering right now" rather than "this write is wrong". */
public final class CassandraFailures {

    /**
     * Unreachable, timed out, overloaded or short of replicas: a projector retries from its checkpoint and parks
     * nothing for these.
     */
    public static final Predicate<Throwable> UNAVAILABLE = failure ->
            failure instanceof AllNodesFailedException
                    || failure instanceof DriverTimeoutException
                    || failure instanceof ClosedConnectionException
                    || failure instanceof QueryConsistencyException
                    || failure instanceof UnavailableException
                    || failure instanceof OverloadedException;

    private CassandraFailures() {
    }
}
