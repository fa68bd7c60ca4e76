package io.decidr.messaging.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.codec.Personal;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.personal.SubjectErasedException;
import io.decidr.messaging.contract.EntityEvents;
import io.eventuate.common.json.mapper.JSonMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Opens the personal values sealed in an integration message ({@link DomainPublications}) as it leaves the platform:
 * in clear, marked {@code "personal": true}, for a tenant that shares them; {@code {"kind":"personal"}} for one that
 * does not; {@code {"kind":"erased"}} once their subject is erased. Decided each time a message leaves (relayed to a
 * broker, a webhook sent or shown), so that a tenant that stops sharing, or an erasure, holds back what is still queued.
 */
public final class PersonalPayloads {

    /** Whether a tenant's integration events carry personal values now. */
    @FunctionalInterface
    public interface Sharing {

        boolean shares(UUID tenant);
    }

    /** Withholds every personal value (no tenant shares). */
    public static final PersonalPayloads WITHHOLDING = new PersonalPayloads(PersonalKeys.NONE, tenant -> false);

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonNode WITHHELD = JSonMapper.objectMapper.valueToTree(EntityEvents.Value.WITHHELD);
    /** The stand-in of a sealed value once its subject is erased. */
    static final JsonNode ERASED = JSonMapper.objectMapper.valueToTree(EntityEvents.Value.ERASED);
    /** How an opened personal value shows in a message's JSON (as Tram's mapper writes it). */
    private static final String OPENED_MARK = "\"personal\":true";
    /** A ring that finds no key readable: with {@link #WITHHELD} for what that gives, every value is withheld. */
    private static final KeyRing NOT_SHARED = keyId -> KeyRing.Unavailable.UNAVAILABLE;

    private final PersonalKeys keys;
    private final Sharing sharing;

    public PersonalPayloads(PersonalKeys keys, Sharing sharing) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.sharing = Objects.requireNonNull(sharing, "sharing");
    }

    /**
     * The message's JSON as it may leave now: the same string when nothing in it is sealed. Blocks while the keys are
     * read.
     *
     * @throws PersonalDataUnavailableException when the tenant shares its values and their keys cannot be read now
     *                                          (the message is to be tried again, not sent without them)
     */
    public String open(String json) {
        if (!Sealing.holdsSealed(json)) {
            return json;
        }
        try {
            JsonNode root = JSonMapper.objectMapper.readTree(json);
            UUID tenant = tenantOf(root);
            boolean shared = tenant != null && sharing.shares(tenant);
            KeyRing ring = shared ? keys.ring(tenant, Sealing.keyIds(json)).block(WAIT) : NOT_SHARED;
            JsonNode opened = Sealing.open(root, ring, JSonMapper.objectMapper, () -> {
                if (shared) {
                    throw new PersonalDataUnavailableException("the keys of a message's personal values cannot be read now",
                            null);
                }
                return WITHHELD.deepCopy();
            });
            return JSonMapper.objectMapper.writeValueAsString(opened);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an integration message is not JSON", e);
        }
    }

    /**
     * Seals again the personal values a message carries opened (it came through a broker, opened for a tenant that
     * shares them), so that a copy kept for later (a webhook delivery) is opened, withheld or erased when it leaves,
     * like one that came sealed. Only entity events carry personal values: their subject is the message's entity.
     */
    public String sealAgain(String json) {
        if (!json.contains(OPENED_MARK)) {
            return json;
        }
        try {
            JsonNode tree = JSonMapper.objectMapper.readTree(json);
            if (!(tree instanceof ObjectNode root)) {
                return json;
            }
            List<Personal.Part> parts = personalParts(root);
            if (parts.isEmpty()) {
                return json;
            }
            UUID tenant = tenantOf(root);
            UUID subject = uuid(root.get("entityId"));
            DataKey key = null;
            JsonNode standIn = WITHHELD;
            if (tenant != null && subject != null && keys != PersonalKeys.NONE) {
                try {
                    key = keys.keyFor(tenant, subject).block(WAIT);
                } catch (SubjectErasedException erased) {
                    standIn = ERASED;
                }
            }
            if (key == null) {
                for (Personal.Part part : parts) {
                    JsonPointer pointer = JsonPointer.compile(part.pointer());
                    ((ObjectNode) root.at(pointer.head())).set(pointer.last().getMatchingProperty(), standIn.deepCopy());
                }
            } else {
                Sealing.seal(root, new Personal(subject, parts), key, JSonMapper.objectMapper);
            }
            return JSonMapper.objectMapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an integration message is not JSON", e);
        }
    }

    /**
     * Where a message's values marked personal are ({@code value} of {@code entity.value-set}, each of {@code values} of
     * {@code entity.created}), each with {@code {"kind":"erased"}} to stand in once erased.
     */
    static List<Personal.Part> personalParts(ObjectNode root) {
        List<Personal.Part> parts = new ArrayList<>();
        if (root.get("value") instanceof ObjectNode value && value.path("personal").asBoolean()) {
            parts.add(new Personal.Part("/value", ERASED));
        }
        if (root.get("values") instanceof ObjectNode values) {
            values.fields().forEachRemaining(field -> {
                if (field.getValue().path("personal").asBoolean()) {
                    parts.add(new Personal.Part("/values/" + field.getKey(), ERASED));
                }
            });
        }
        return parts;
    }

    private static UUID tenantOf(JsonNode root) {
        return uuid(root.get("tenantId"));
    }

    private static UUID uuid(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return UUID.fromString(node.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
