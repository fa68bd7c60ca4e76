package io.decidr.application.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.JobKind;
import io.decidr.eventstore.codec.Personal;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.personal.SubjectErasedException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The parameters a schedule of jobs keeps (in Temporal: the schedule, each run's input and history). An import's,
 * whose rows may hold personal values, are sealed with the schedule's own key, made when the schedule is; its runs
 * open them, and deleting the schedule erases the key, and with it every copy Temporal keeps (as an ended import's
 * rows are erased with the job's key). Other kinds' parameters are kept as given, and never opened.
 */
public final class ScheduleParameters {

    /** An import schedule's parameters once its key is erased (the schedule was deleted). */
    public static final String ERASED = "{\"erased\":true}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PersonalKeys keys;

    public ScheduleParameters(PersonalKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The parameters as the schedule keeps them: an import's sealed with the schedule's key (made now); VALIDATION_FAILED
     * for parameters that hold a sealed value themselves (only the platform seals); INVALID_STATE when the schedule was
     * deleted (its key erased) and the same command asks for it again.
     */
    public Mono<String> seal(Requester requester, UUID schedule, JobKind kind, String parameters) {
        if (sealedAtTop(parameters)) {
            return Mono.error(Rejection.validation("params", "params must not hold " + Sealing.MARK
                    + ": only the platform seals values"));
        }
        if (kind != JobKind.IMPORT) {
            return Mono.just(parameters);
        }
        return keys.keyFor(requester.tenant().value(), schedule)
                .onErrorMap(SubjectErasedException.class, erased -> Rejection.invalidState("schedule " + schedule
                        + " was deleted: a new command id makes a new one"))
                .map(key -> {
                    ObjectNode holder = JSON.createObjectNode().put("parameters", parameters);
                    Sealing.seal(holder, new Personal(schedule, List.of(
                            new Personal.Part("/parameters", TextNode.valueOf(ERASED)))), key, JSON);
                    return holder.get("parameters").toString();
                });
    }

    /**
     * The parameters as given: {@link #ERASED} once the schedule's key is erased, as kept when they were never sealed
     * (other kinds, schedules made before sealing).
     *
     * @throws PersonalDataUnavailableException (as the error) when the key store cannot be read now
     */
    public Mono<String> open(UUID tenant, JobKind kind, String kept) {
        if (kind != JobKind.IMPORT || !sealedAtTop(kept)) {
            return Mono.just(kept);
        }
        JsonNode sealed = tree(kept);
        return keys.ring(tenant, Sealing.keyIds(kept)).map(ring -> Sealing.open(sealed, ring, JSON, () -> {
            throw new PersonalDataUnavailableException("the key store cannot be read now: the schedule's parameters"
                    + " are sealed with a key kept there");
        }).asText());
    }

    /** Erases the schedule's key, and so the parameters it sealed; repeating it changes nothing. */
    public Mono<Void> forget(Requester requester, UUID schedule, JobKind kind, String kept) {
        if (kind != JobKind.IMPORT || !sealedAtTop(kept)) {
            return Mono.empty();
        }
        return keys.erase(requester.tenant().value(), schedule, requester.actor().user().value(),
                "the schedule was deleted: its parameters are not kept").then();
    }

    /** Whether the text is a sealed value (a JSON object holding the seal's mark). */
    private static boolean sealedAtTop(String text) {
        if (!Sealing.holdsSealed(text)) {
            return false;
        }
        JsonNode node = tree(text);
        return node != null && node.isObject() && node.has(Sealing.MARK);
    }

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
