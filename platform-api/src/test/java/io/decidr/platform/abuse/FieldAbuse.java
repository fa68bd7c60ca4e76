package io.decidr.platform.abuse;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLTypeUtil;
import io.decidr.platform.abuse.ApiSchema.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The hostile calls of one field, all derived from its declaration: valid-looking calls; missing, unknown,
 * duplicated and wrong-typed arguments (and input fields); huge and odd strings; huge and deeply nested lists;
 * extreme numbers; 500 aliases; a batch; deep and cyclic documents; the wrong operation type. Each as a GraphQL
 * literal and, where it matters, as JSON variables (they take different paths through the server).
 */
final class FieldAbuse {

    /** A document this long still fits the server's default size limit (20,000 characters) with room to spare. */
    private static final int DOCUMENT_ROOM = 19_000;
    private static final int ALIASES = 500;
    private static final int BATCH = 50;
    private static final int DEPTH = 60;
    private static final int UNICODE_SAMPLES = 3;

    private final InputValues values;
    private final Vocabulary vocabulary;
    private final Random random;
    private final Supplier<String> authorization;

    FieldAbuse(InputValues values, Vocabulary vocabulary, Random random, Supplier<String> authorization) {
        this.values = values;
        this.vocabulary = vocabulary;
        this.random = random;
        this.authorization = authorization;
    }

    List<AbuseCase> cases(Target target) {
        Calls calls = new Calls(target);
        List<GraphQLArgument> arguments = target.abused().getArguments();

        calls.literal("valid", validArguments(target));
        calls.literal("valid", validArguments(target));
        calls.variables("valid", validArguments(target));

        List<GraphQLArgument> required = arguments.stream().filter(FieldAbuse::required).toList();
        if (!required.isEmpty()) {
            calls.literal("no arguments", Map.of());
        }
        for (GraphQLArgument argument : required) {
            Map<String, Object> without = validArguments(target);
            without.remove(argument.getName());
            calls.literal("missing " + argument.getName(), without);
        }
        Map<String, Object> extra = validArguments(target);
        extra.put("bogus", 1);
        calls.literal("unknown argument", extra);
        calls.variables("unknown argument", extra);
        if (!arguments.isEmpty()) {
            String first = arguments.getFirst().getName();
            Map<String, Object> valid = validArguments(target);
            calls.document("duplicate argument " + first, calls.wrap(calls.call(
                    "(" + first + ": " + GraphQlText.literal(values.valid(first, arguments.getFirst().getType(), true))
                            + ", " + GraphQlText.literal(valid.getOrDefault(first, null)) + ")",
                    null, calls.selection()), ""), Map.of());
        }

        boolean firstText = true;
        for (GraphQLArgument argument : arguments) {
            for (InputPosition position : InputPosition.of(argument.getName(), argument.getType())) {
                wrongTypes(calls, target, position);
                if (position.takesText()) {
                    texts(calls, target, position, firstText);
                    firstText = false;
                }
                if (position.takesNumber()) {
                    numbers(calls, target, position);
                }
                if (position.isList()) {
                    lists(calls, target, position);
                }
            }
        }
        documents(calls, target);
        return calls.cases;
    }

    private void wrongTypes(Calls calls, Target target, InputPosition position) {
        values.wrongTyped(position.type()).forEach((how, wrong) -> {
            Map<String, Object> args = place(target, position, wrong);
            calls.literal(how + " at " + position.name(), args);
            calls.variables(how + " at " + position.name(), args);
        });
    }

    private void texts(Calls calls, Target target, InputPosition position, boolean alsoNearBodyLimit) {
        String at = " at " + position.name();
        calls.variables("100k-char string" + at, place(target, position, values.text(100_000)));
        if (alsoNearBodyLimit) {
            calls.variables("900k-char string" + at, place(target, position, values.text(900_000)));
        }
        calls.literal("literal string just under the document limit" + at,
                place(target, position, values.text(DOCUMENT_ROOM - 1_500)));
        calls.literal("30k-char literal string" + at, place(target, position, values.text(30_000)));
        List<String> edges = new ArrayList<>(InputValues.UNICODE_EDGES.keySet());
        for (int i = 0; i < UNICODE_SAMPLES; i++) {
            String literal = values.pick(edges);
            calls.literal(literal + at, place(target, position, InputValues.UNICODE_EDGES.get(literal)));
            String variable = values.pick(edges);
            calls.variables(variable + at, place(target, position, InputValues.UNICODE_EDGES.get(variable)));
        }
    }

    private void numbers(Calls calls, Target target, InputPosition position) {
        String scalar = position.named().getName();
        InputValues.extremeLiterals(scalar).forEach((how, number) ->
                calls.literal(how + " at " + position.name(), place(target, position, number)));
        InputValues.extremeVariables(scalar).forEach((how, number) ->
                calls.variables(how + " at " + position.name(), place(target, position, number)));
    }

    private void lists(Calls calls, Target target, InputPosition position) {
        GraphQLInputType item = (GraphQLInputType) ((GraphQLList) GraphQLTypeUtil.unwrapNonNull(position.type())).getWrappedType();
        List<Object> huge = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            huge.add(values.valid(position.leaf(), item, target.destructive()));
        }
        calls.variables("10k-item list at " + position.name(), place(target, position, huge));
        List<Object> fitting = new ArrayList<>();
        int length = 0;
        while (length < DOCUMENT_ROOM - 2_000) {
            Object next = values.valid(position.leaf(), item, target.destructive());
            length += GraphQlText.literal(next).length() + 2;
            fitting.add(next);
        }
        calls.literal(fitting.size() + "-item literal list at " + position.name(), place(target, position, fitting));
        calls.literal("list nested 50 deep at " + position.name(), place(target, position, InputValues.nestedList(50)));
        calls.variables("list nested 3000 deep at " + position.name(), place(target, position, InputValues.nestedList(3_000)));
    }

    /** Wide, batched, deep and cyclic documents around a valid call, and the wrong operation type. */
    private void documents(Calls calls, Target target) {
        Map<String, Object> args = validArguments(target);
        String argsText = calls.argumentsText(args, false);
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < ALIASES; i++) {
            aliases.add(calls.call(argsText, "a" + i, GraphQlText.minimalSelection(target.abused().getType())));
        }
        String wide = calls.wrap(String.join(" ", aliases), "");
        calls.document(ALIASES + " aliases", wide, Map.of());
        if (wide.length() > DOCUMENT_ROOM) {
            int fit = ALIASES * DOCUMENT_ROOM / wide.length();
            calls.document(fit + " aliases (as many as fit the document limit)",
                    calls.wrap(String.join(" ", aliases.subList(0, fit)), ""), Map.of());
        }

        String call = calls.call(argsText, null, calls.selection());
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(JsonBodies.operation(calls.wrap(call, ""), Map.of()));
        }
        calls.body("batch of " + BATCH + " operations", JsonBodies.bytes(batch));

        String type = target.rootType().getName();
        calls.document(DEPTH + " nested inline fragments", target.operation() + " { "
                + ("... on " + type + " { ").repeat(DEPTH) + call + " }".repeat(DEPTH) + " }", Map.of());
        calls.document("fragment cycle", target.operation() + " { ...A } fragment A on " + type + " { " + call
                + " ...B } fragment B on " + type + " { ...A }", Map.of());
        calls.document("selection nested " + DEPTH + " levels below the field",
                calls.wrap(calls.call(argsText, null, " { x".repeat(DEPTH) + " }".repeat(DEPTH)), ""), Map.of());
        String other = target.operation().equals("query") ? "mutation" : "query";
        calls.document("sent as a " + other, other + " { " + call + " }", Map.of());
        if (target.operation().equals("subscription")) {
            calls.eventStream("valid over an event stream", calls.wrap(call, ""));
            calls.eventStream("unknown argument over an event stream",
                    calls.wrap(calls.call(calls.argumentsText(extra(args), false), null, calls.selection()), ""));
        }
    }

    private static Map<String, Object> extra(Map<String, Object> args) {
        Map<String, Object> extra = new LinkedHashMap<>(args);
        extra.put("bogus", 1);
        return extra;
    }

    /** A valid-looking call of the target (aliased when {@code alias} is not null), to combine with others. */
    String validCall(Target target, String alias) {
        Calls calls = new Calls(target);
        return calls.call(calls.argumentsText(validArguments(target), false), alias, calls.selection());
    }

    /** A whole operation with one valid-looking call of the target. */
    String validDocument(Target target) {
        return new Calls(target).wrap(validCall(target, null), "");
    }

    // ---------------------------------------------------------------------------------------------- arguments

    /** Every required argument and about half of the optional ones, valid-looking. */
    Map<String, Object> validArguments(Target target) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (GraphQLArgument argument : target.abused().getArguments()) {
            if (required(argument) || random.nextBoolean()) {
                args.put(argument.getName(), values.valid(argument.getName(), argument.getType(), target.destructive()));
            }
        }
        return args;
    }

    private static boolean required(GraphQLArgument argument) {
        return argument.getType() instanceof GraphQLNonNull && !argument.hasSetDefaultValue();
    }

    /** Valid arguments with {@code value} at the position (the enclosing argument and objects made up as needed). */
    private Map<String, Object> place(Target target, InputPosition position, Object value) {
        Map<String, Object> args = validArguments(target);
        GraphQLArgument argument = target.abused().getArgument(position.path().getFirst());
        Object current = args.get(argument.getName());
        args.put(argument.getName(), placeBelow(argument.getType(), current, position.path().subList(1, position.path().size()),
                value, target.destructive()));
        return args;
    }

    private Object placeBelow(GraphQLInputType type, Object current, List<String> path, Object value, boolean invented) {
        if (path.isEmpty()) {
            return value;
        }
        GraphQLInputType inner = (GraphQLInputType) GraphQLTypeUtil.unwrapNonNull(type);
        if (inner instanceof GraphQLList list) {
            Object item = current instanceof List<?> items && !items.isEmpty() ? items.getFirst() : null;
            return List.of(placeBelow((GraphQLInputType) list.getWrappedType(), item, path, value, invented));
        }
        GraphQLInputObjectType object = (GraphQLInputObjectType) inner;
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = current instanceof Map<?, ?> map
                ? new LinkedHashMap<>((Map<String, Object>) map) : values.validObject(object, invented);
        String name = path.getFirst();
        if (path.size() == 1 && object.getField("attribute") != null
                && vocabulary.attributeForValueField().containsKey(name)) {
            // the value alone, on an attribute of its type, so it is judged by the attribute's rules and storage
            Map<String, Object> alone = new LinkedHashMap<>();
            alone.put("attribute", invented ? values.uuid() : vocabulary.attributeForValueField().get(name));
            alone.put(name, value);
            return alone;
        }
        fields.put(name, placeBelow(object.getField(name).getType(), fields.get(name), path.subList(1, path.size()),
                value, invented));
        return fields;
    }

    // ---------------------------------------------------------------------------------------------- documents

    /** Builds the calls of one target and the requests that carry them. */
    private final class Calls {

        private final Target target;
        private final String rootArguments;
        private final List<AbuseCase> cases = new ArrayList<>();

        Calls(Target target) {
            this.target = target;
            this.rootArguments = target.nested() == null ? "" : argumentsText(validRootArguments(target), false);
        }

        private Map<String, Object> validRootArguments(Target target) {
            Map<String, Object> args = new LinkedHashMap<>();
            for (GraphQLArgument argument : target.root().getArguments()) {
                if (required(argument)) {
                    args.put(argument.getName(), values.valid(argument.getName(), argument.getType(), false));
                }
            }
            return args;
        }

        String selection() {
            return GraphQlText.selection(target.abused().getType(), 1);
        }

        String argumentsText(Map<String, Object> args, boolean asVariables) {
            if (args.isEmpty()) {
                return "";
            }
            return args.entrySet().stream()
                    .map(e -> e.getKey() + ": " + (asVariables ? "$" + e.getKey() : GraphQlText.literal(e.getValue())))
                    .collect(Collectors.joining(", ", "(", ")"));
        }

        /** The abused field called with the argument text, inside its root field when it is a nested one. */
        String call(String argumentsText, String alias, String selection) {
            String field = (alias == null ? "" : alias + ": ") + target.abused().getName() + argumentsText + selection;
            return target.nested() == null ? field : target.root().getName() + rootArguments + " { " + field + " }";
        }

        String wrap(String calls, String variableDefinitions) {
            return target.operation() + variableDefinitions + " { " + calls + " }";
        }

        void literal(String how, Map<String, Object> args) {
            document(how + " (literal)", wrap(call(argumentsText(args, false), null, selection()), ""), Map.of());
        }

        void variables(String how, Map<String, Object> args) {
            String definitions = args.isEmpty() ? "" : args.keySet().stream()
                    .map(name -> "$" + name + ": " + declaredType(name))
                    .collect(Collectors.joining(", ", "(", ")"));
            Map<String, Object> variables = new LinkedHashMap<>(args);
            document(how + " (variables)", wrap(call(argumentsText(args, true), null, selection()), definitions), variables);
        }

        private String declaredType(String argument) {
            GraphQLArgument declared = target.abused().getArgument(argument);
            return declared == null ? "Int" : GraphQlText.typeRef(declared.getType());
        }

        void document(String how, String document, Map<String, Object> variables) {
            body(how, JsonBodies.bytes(JsonBodies.operation(document, variables)));
        }

        void body(String how, byte[] body) {
            cases.add(new AbuseCase(target.coordinate(), how,
                    HttpCall.post("/graphql", "application/json", body, List.of(authorization.get()), false)));
        }

        void eventStream(String how, String document) {
            HttpCall call = HttpCall.post("/graphql", "application/json",
                    JsonBodies.bytes(JsonBodies.operation(document, Map.of())), List.of(authorization.get()), false);
            cases.add(new AbuseCase(target.coordinate(), how, call.with("Accept", "text/event-stream")));
        }
    }
}
