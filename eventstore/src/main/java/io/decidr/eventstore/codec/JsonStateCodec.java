package io.decidr.eventstore.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.StoredSnapshot;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes an aggregate's state for snapshots, stamped with the state layout's schema version. A snapshot of
 * any other version is not decoded: the state is then rebuilt from events. Personal parts of a state are sealed like
 * those of events ({@link Sealing}): a snapshot holds ciphertext only.
 *
 * @param <S> the aggregate's state type
 */
public final class JsonStateCodec<S> {

    private final ObjectMapper mapper;
    private final Class<S> type;
    private final int schemaVersion;
    private final Personal.Parts<S> personal;

    public JsonStateCodec(ObjectMapper mapper, Class<S> type, int schemaVersion, Personal.Parts<S> personal) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = Objects.requireNonNull(type, "type");
        this.schemaVersion = schemaVersion;
        this.personal = Objects.requireNonNull(personal, "personal");
    }

    public JsonStateCodec(ObjectMapper mapper, Class<S> type, int schemaVersion) {
        this(mapper, type, schemaVersion, Personal.Parts.none());
    }

    /** The state's personal parts and their subject; null when it holds no personal data. */
    public Personal personalOf(S state) {
        Personal parts = personal.apply(state);
        return parts == null || parts.parts().isEmpty() ? null : parts;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String encode(S state) {
        return encode(state, null);
    }

    /** The state, its personal parts sealed with {@code key}; without a key, a state with personal parts is refused. */
    public String encode(S state, DataKey key) {
        Personal parts = personalOf(state);
        try {
            if (parts == null) {
                return mapper.writeValueAsString(state);
            }
            if (key == null) {
                throw new IllegalStateException("a " + type.getSimpleName() + " holds personal data of "
                        + parts.subject() + ": it needs the subject's key");
            }
            ObjectNode tree = mapper.valueToTree(state);
            Sealing.seal(tree, parts, key, mapper);
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /** The snapshot's state, or empty when it was written for another schema version. */
    public Optional<S> decode(StoredSnapshot snapshot) {
        return decode(snapshot, KeyRing.NONE);
    }

    /**
     * The snapshot's state with its sealed values opened with {@code ring}, or empty when it was written for another
     * schema version.
     *
     * @throws PersonalDataUnavailableException when a sealed value's key cannot be read now
     */
    public Optional<S> decode(StoredSnapshot snapshot, KeyRing ring) {
        if (snapshot.schemaVersion() != schemaVersion) {
            return Optional.empty();
        }
        try {
            if (Sealing.holdsSealed(snapshot.state())) {
                JsonNode tree = Sealing.open(mapper.readTree(snapshot.state()), ring, mapper, () -> {
                    throw new PersonalDataUnavailableException("the key of a personal value in a "
                            + type.getSimpleName() + " snapshot cannot be read now");
                });
                return Optional.of(mapper.treeToValue(tree, type));
            }
            return Optional.of(mapper.readValue(snapshot.state(), type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot decode a " + type.getSimpleName() + " snapshot", e);
        }
    }
}
