package io.decidr.platform.personal;

import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.messaging.contract.CommentEvents;
import io.decidr.messaging.contract.EntityEvents;
import io.decidr.messaging.contract.IntegrationEventTypes;
import io.eventuate.tram.events.subscriber.DomainEventEnvelope;
import io.eventuate.tram.events.subscriber.DomainEventHandlers;
import io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes erasures: the Tram subscriber {@value #SUBSCRIBER} deletes the key of each subject an
 * {@code entity.erased.v1} or {@code comment.erased.v1} names. The erasing command deletes it itself, right after the
 * erasure event; this covers a process that stopped (or a key store that failed) between the two, as the outbox
 * carries the event whatever happens after its commit. Deleting a deleted key changes nothing; a key store that cannot
 * be reached fails the message, which is offered again.
 */
public final class ErasureFollowUp {

    public static final String SUBSCRIBER = "decidr-erasures";

    private static final Logger log = LoggerFactory.getLogger(ErasureFollowUp.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Recorded as the reason when this follow-up deletes the key before the command does (or instead of it): the
     * command's reason is in the erasure event.
     */
    static final String REASON = "see the erasure event";

    private final PersonalKeys keys;

    public ErasureFollowUp(PersonalKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The handlers to subscribe. */
    public DomainEventHandlers handlers() {
        return DomainEventHandlersBuilder.forAggregateType(IntegrationEventTypes.ENTITY)
                .onEvent(EntityEvents.Erased.class, envelope -> erase(envelope, envelope.getEvent().tenantId(),
                        envelope.getEvent().entityId(), envelope.getEvent().erasedBy()))
                .andForAggregateType(IntegrationEventTypes.COMMENT)
                .onEvent(CommentEvents.Erased.class, envelope -> erase(envelope, envelope.getEvent().tenantId(),
                        envelope.getEvent().commentId(), envelope.getEvent().erasedBy()))
                .build();
    }

    private void erase(DomainEventEnvelope<?> envelope, String tenant, String subject, String erasedBy) {
        Boolean erasedNow = keys.erase(UUID.fromString(tenant), UUID.fromString(subject), erasedBy, REASON).block(WAIT);
        if (Boolean.TRUE.equals(erasedNow)) {
            log.info("message {}: deleted the key of erased subject {}", envelope.getEventId(), subject);
        }
    }
}
