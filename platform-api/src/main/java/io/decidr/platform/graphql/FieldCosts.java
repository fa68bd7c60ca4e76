package io.decidr.platform.graphql;

import java.util.Map;

/**
 * The cost model of {@link QueryCost}, field by field ({@code Type.field}). A field's <em>weight</em> is what
 * resolving it costs besides its children: 1 for an object or list, 0 for a scalar (it comes with its row), more for
 * the fields listed (a read of the event log or of another table);
 * its <em>size</em> multiplies what is selected inside it: the requested page size ({@code first}, bounded by the
 * largest page), or an estimate for lists that are not paged. Fields not listed have size 1.
 */
final class FieldCosts {

    /** The largest page any paged field serves. */
    static final int MAX_PAGE = 200;

    private static final Map<String, Integer> WEIGHTS = Map.ofEntries(
            Map.entry("Entity.asOf", 20),               // replays the entity's stream from the event log
            Map.entry("Query.history", 5),              // reads the event log
            Map.entry("Query.exportSubject", 50),       // reads an entity's stream and those of its comments
            Map.entry("Query.traverse", 10),
            Map.entry("Entity.history", 2),             // one read-model query each
            Map.entry("Entity.comments", 2),
            Map.entry("Entity.links", 2),
            Map.entry("Entity.backlinks", 2),
            Map.entry("Query.projectors", 5),
            Map.entry("Projector.parkedEvents", 5),     // counts parked events
            Map.entry("Projector.parked", 5),
            Map.entry("Query.webhooks", 5),              // counts each webhook's pending and dead deliveries
            Map.entry("Query.webhook", 2),
            Map.entry("Webhook.deliveries", 2));         // one query for the page, one for its attempts

    /** Paged fields: argument {@code first} and its default. */
    private static final Map<String, Integer> PAGED = Map.of(
            "Query.entities", 20,
            "Query.computeJobs", 20,
            "Query.history", 50,
            "Entity.comments", 20,
            "Entity.history", 20,
            "Entity.links", 50,
            "Entity.backlinks", 50,
            "Webhook.deliveries", 20);

    /** Unpaged lists: how many items they are expected to hold. */
    private static final Map<String, Integer> ESTIMATED = Map.of(
            "Query.collections", 50,
            "Query.projectors", 10,
            "Projector.parked", 100,
            "Projector.generations", 5,
            "Query.webhooks", 20,
            "WebhookDelivery.attemptLog", 10);

    private FieldCosts() {
    }

    static int weight(String coordinates, boolean scalar) {
        return WEIGHTS.getOrDefault(coordinates, scalar ? 0 : 1);
    }

    static long size(String coordinates, Map<String, Object> arguments) {
        if (coordinates.equals("Query.traverse")) {
            // each hop may reach up to Traversal.MAX_HOP_WIDTH entities; estimate 100 per hop requested
            return 100L * Math.clamp(intArgument(arguments.get("depth"), 1), 1, Traversal.MAX_DEPTH);
        }
        Integer defaultSize = PAGED.get(coordinates);
        if (defaultSize != null) {
            return Math.clamp(intArgument(arguments.get("first"), defaultSize), 1, MAX_PAGE);
        }
        return ESTIMATED.getOrDefault(coordinates, 1);
    }

    private static int intArgument(Object value, int otherwise) {
        return value instanceof Integer number ? number : otherwise;
    }
}
