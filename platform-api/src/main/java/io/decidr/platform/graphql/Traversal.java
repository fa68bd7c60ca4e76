package io.decidr.platform.graphql;

import io.decidr.application.handlers.Requester;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.readmodel.Views.AttributeView;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityId;
import io.decidr.platform.graphql.ReadQueries.EntityNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/** Graph traversal over links and backlinks, served from the read models. */
@Controller
public class Traversal {

    public static final int MAX_DEPTH = 5;
    public static final int MAX_HOP_WIDTH = 1_000;
    /**
     * Reads one hop keeps in flight: each is a single-partition read, and a hop of a few hundred entities at 16 at a
     * time waited for a dozen round trips one after the other. Bounded, since every request of the process shares
     * the driver's in-flight requests per connection (1,024 by default).
     */
    private static final int READS_IN_FLIGHT = 32;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ReadModelQueries queries;

    public Traversal(ReadModelQueries queries) {
        this.queries = queries;
    }

    /** The GraphQL {@code Direction}. */
    public enum Direction { OUT, IN }

    public record Hop(int depth, List<EntityNode> entities) {
    }

    @QueryMapping
    public Mono<List<Hop>> traverse(@Argument String from, @Argument String attribute, @Argument Direction direction,
            @Argument Integer depth, Requester requester) {
        return Mono.defer(() -> {
            UUID tenant = ReadQueries.reader(requester).tenant().value();
            UUID start = EntityId.parse(from, "from").value();
            int hops = depth == null ? 1 : depth;
            if (hops < 1 || hops > MAX_DEPTH) {
                throw Rejection.validation("depth", "depth must be 1 to " + MAX_DEPTH);
            }
            Direction way = direction == null ? Direction.OUT : direction;
            // the start and the attribute are looked up side by side; the start's NOT_FOUND comes first
            Mono<Signal<UUID>> attributeFound = linkAttribute(tenant, attribute).materialize();
            return queries.entities().entity(tenant, start)
                    .switchIfEmpty(Mono.error(() -> Rejection.notFound("entity " + from + " does not exist")))
                    .zipWith(attributeFound, (entity, found) -> found)
                    .<UUID>dematerialize()
                    .flatMap(link -> walk(tenant, link, way, hops, Set.of(start), new HashSet<>(Set.of(start)), 1,
                            new ArrayList<>()));
        });
    }

    /**
     * One hop after the other. A hop streams the neighbours of its frontier and stops reading as soon as more than
     * {@link #MAX_HOP_WIDTH} new entities turned up, so a refused hop costs about its cap, not the whole fan-out.
     */
    private Mono<List<Hop>> walk(UUID tenant, UUID attribute, Direction way, int hops, Set<UUID> frontier, Set<UUID> seen,
            int depth, List<Hop> found) {
        if (depth > hops || frontier.isEmpty()) {
            return Mono.just(found);
        }
        return Flux.fromIterable(frontier)
                .flatMap(entity -> neighbours(tenant, entity, attribute, way), READS_IN_FLIGHT)
                .filter(seen::add)
                .take(MAX_HOP_WIDTH + 1L)
                .collect(LinkedHashSet<UUID>::new, Set::add)
                .flatMap(next -> {
                    if (next.isEmpty()) {
                        return Mono.just(found);
                    }
                    if (next.size() > MAX_HOP_WIDTH) {
                        throw Rejection.validation("depth", "hop " + depth + " reaches more than " + MAX_HOP_WIDTH
                                + " entities; traverse fewer hops or from a narrower start");
                    }
                    return Flux.fromIterable(next)
                            .flatMapSequential(id -> queries.entities().entity(tenant, id).map(view -> EntityNode.of(tenant, view)),
                                    READS_IN_FLIGHT)
                            .collectList()
                            .flatMap(entities -> {
                                found.add(new Hop(depth, entities));
                                return walk(tenant, attribute, way, hops, next, seen, depth + 1, found);
                            });
                });
    }

    private Flux<UUID> neighbours(UUID tenant, UUID entity, UUID attribute, Direction way) {
        return way == Direction.OUT
                ? queries.entities().linkTargets(tenant, entity, attribute)
                : queries.entities().backlinkSources(tenant, entity, attribute);
    }

    /** The LINK attribute a client names: by id, or by a name only one collection of the tenant uses for a link. */
    private Mono<UUID> linkAttribute(UUID tenant, String reference) {
        return queries.collections().collections(tenant).map(collections -> {
            List<AttributeView> links = collections.stream()
                    .flatMap(collection -> collection.attributes().stream())
                    .filter(a -> a.type() instanceof LinkType)
                    .filter(a -> UUID_TEXT.matcher(reference).matches()
                            ? a.id().toString().equalsIgnoreCase(reference)
                            : a.name().equalsIgnoreCase(reference.strip()))
                    .toList();
            if (links.isEmpty()) {
                throw Rejection.validation("attribute", "no LINK attribute " + reference);
            }
            if (links.size() > 1) {
                throw Rejection.validation("attribute", "several collections have a LINK attribute " + reference
                        + "; name it by its id");
            }
            return links.getFirst().id();
        });
    }
}
