package io.decidr.platform.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLError;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.decider.Rejection;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.audit.AuditTrail;
import io.decidr.eventstore.audit.ClearPersonalValues;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.platform.security.Callers;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * {@code me} and the audit trail ({@code history}) read straight from the event store. Personal values show in clear
 * while their subject's key exists, as {@code {"kind":"erased"}} (a comment body: null) once erased; when the key store
 * cannot be read they show as {@code {"kind":"unavailable"}} and the answer carries an UNAVAILABLE error for the field,
 * the rest of the page as usual.
 */
@Controller
public class AuditQueries {

    private final AuditTrail trail;
    private final ObjectMapper json;
    private final PersonalKeys keys;

    public AuditQueries(AuditTrail trail, PersonalKeys keys) {
        this.trail = trail;
        this.keys = keys;
        // the domain's mapper: decimals keep every digit (12.50 stays 12.50)
        this.json = Aggregates.JSON;
    }

    /** The GraphQL {@code ObjectKind}. */
    public enum ObjectKind { TENANT, COLLECTION, ENTITY, COMMENT }

    public record Me(String user, UUID tenantId, List<String> roles) {
    }

    public record HistoryEvent(long version, String type, int schemaVersion, Object data, String actor,
            String commandId, String causationId, String correlationId, String traceId, Instant recordedAt) {
    }

    public record HistoryPage(List<HistoryEvent> events, Long nextAfter) {
    }

    @QueryMapping
    public Me me(Requester requester) {
        return new Me(requester.actor().user().value(), requester.tenant().value(),
                requester.actor().roles().stream().map(Callers::claimName).sorted().toList());
    }

    @QueryMapping
    public Mono<DataFetcherResult<HistoryPage>> history(@Argument ObjectKind kind, @Argument String id,
            @Argument Integer after, @Argument Integer first, Requester requester, DataFetchingEnvironment environment) {
        return Mono.defer(() -> {
            if (requester.actor().roles().isEmpty()) {
                throw Rejection.forbidden("reading history needs a role in the tenant");
            }
            UUID object = Arguments.id(id, "id");
            int pageSize = first == null ? 50 : first;
            if (pageSize < 1 || pageSize > AuditTrail.MAX_PAGE) {
                throw Rejection.validation("first", "first must be 1 to " + AuditTrail.MAX_PAGE);
            }
            long from = after == null ? 0 : after;
            String category = kind.name().toLowerCase(Locale.ROOT);
            UUID tenant = requester.tenant().value();
            return trail.page(category, tenant, object, from, pageSize)
                    // an empty page past the end answers only for an object of the caller's tenant: for any other
                    // id (another tenant's, or none at all) it is NOT_FOUND whatever `after` says
                    .filterWhen(events -> !events.isEmpty() ? Mono.just(true)
                            : from <= 0 ? Mono.just(false)
                            : trail.page(category, tenant, object, 0, 1).map(start -> !start.isEmpty()))
                    .switchIfEmpty(Mono.error(() -> Rejection.notFound(category + " " + id + " does not exist")))
                    .flatMap(events -> {
                        Set<UUID> keyIds = new HashSet<>();
                        events.forEach(event -> keyIds.addAll(Sealing.keyIds(event.data())));
                        AggregateType<?, ?, ?> type = aggregate(kind);
                        // values written in clear before sealing show as erased too once their subject is
                        Mono<Boolean> erased = ClearPersonalValues.anyIn(type, events)
                                ? trail.erased(category, tenant, object) : Mono.just(false);
                        return erased.flatMap(masking -> keys.ring(tenant, keyIds)
                                .onErrorResume(PersonalDataUnavailableException.class,
                                        down -> Mono.just(KeyRing.UNREADABLE))
                                .map(ring -> {
                                    AtomicBoolean unreadable = new AtomicBoolean();
                                    List<HistoryEvent> page = events.stream()
                                            .map(event -> toHistoryEvent(event, ring, unreadable,
                                                    masking ? type : null)).toList();
                                    Long next = events.size() == pageSize ? events.getLast().streamVersion() : null;
                                    DataFetcherResult.Builder<HistoryPage> result = DataFetcherResult.<HistoryPage>newResult()
                                            .data(new HistoryPage(page, next));
                                    if (unreadable.get()) {
                                        result.error(GraphQLError.newError()
                                                .errorType(ErrorCodes.Classification.UNAVAILABLE)
                                                .path(environment.getExecutionStepInfo().getPath())
                                                .location(environment.getField().getSourceLocation())
                                                .message("personal values in this history cannot be read now (their key"
                                                        + " store is out of reach): they show as unavailable; try again")
                                                .extensions(Map.of("code", ErrorCodes.UNAVAILABLE)).build());
                                    }
                                    return result.build();
                                }));
                    });
        });
    }

    private static AggregateType<?, ?, ?> aggregate(ObjectKind kind) {
        return switch (kind) {
            case TENANT -> Aggregates.TENANT;
            case COLLECTION -> Aggregates.COLLECTION;
            case ENTITY -> Aggregates.ENTITY;
            case COMMENT -> Aggregates.COMMENT;
        };
    }

    /** @param erasedOf the event's aggregate type when its subject was erased (its values in clear then masked) */
    private HistoryEvent toHistoryEvent(RecordedEvent event, KeyRing ring, AtomicBoolean unreadable,
            AggregateType<?, ?, ?> erasedOf) {
        try {
            JsonNode metadata = json.readTree(event.metadata());
            JsonNode data = Sealing.open(json.readTree(event.data()), ring, json, () -> {
                unreadable.set(true);
                return Sealing.UNAVAILABLE;
            });
            if (erasedOf != null) {
                data = ClearPersonalValues.masked(erasedOf, event, data);
            }
            return new HistoryEvent(event.streamVersion(), event.type(), event.schemaVersion(),
                    json.treeToValue(data, Object.class),
                    text(metadata, "actor"), text(metadata, "commandId"), text(metadata, "causationId"),
                    text(metadata, "correlationId"), text(metadata, "traceId"),
                    event.recordedAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + event.eventId() + " is not JSON", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
