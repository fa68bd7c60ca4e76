package io.decidr.eventstore.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.eventstore.StoredSnapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes an aggregate's state for snapshots, stamped with the state layout's schema version. A snapshot of
 * any other version is not decoded: the state is then rebuilt from events.
 *
 * @param <S> the aggregate's state type
 */
public final class JsonStateCodec<S> {

    private final ObjectMapper mapper;
    private final Class<S> type;
    private final int schemaVersion;

    public JsonStateCodec(ObjectMapper mapper, Class<S> type, int schemaVersion) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = Objects.requireNonNull(type, "type");
        this.schemaVersion = schemaVersion;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String encode(S state) {
        try {
            return mapper.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /** The snapshot's state, or empty when it was written for another schema version. */
    public Optional<S> decode(StoredSnapshot snapshot) {
        if (snapshot.schemaVersion() != schemaVersion) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(snapshot.state(), type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot decode a " + type.getSimpleName() + " snapshot", e);
        }
    }
}
