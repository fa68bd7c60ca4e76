package io.decidr.cassandra.readmodel;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param items     the rows
 * @param endCursor pass as {@code after} for the next page; null when there is none
 */
public record Page<T>(List<T> items, String endCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNextPage() {
        return endCursor != null;
    }
}
