package io.decidr.eventstore;

import java.util.Objects;
import java.util.UUID;

/**
 * The name of one aggregate's event stream: {@code <category>:<tenant>:<aggregate id>}.
 *
 * <p>The tenant is part of the name, so an id taken from another tenant names a stream that does not
 * exist in the caller's tenant: cross-tenant access finds nothing rather than relying on a check.
 */
public record StreamId(String value) {

    public static final int MAX_LENGTH = 200;

    public StreamId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a stream id is 1 to " + MAX_LENGTH + " characters");
        }
    }

    public static StreamId of(String category, UUID tenant, UUID aggregate) {
        return new StreamId(category + ":" + tenant + ":" + aggregate);
    }

    /** The part before the first colon, e.g. {@code entity}. */
    public String category() {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    @Override
    public String toString() {
        return value;
    }
}
