package io.decidr.platform.graphql;

import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.validation.ValidationError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Limits on a document's fragments, checked once it is parsed and before graphql-java validates it: at most
 * {@code maxFragments} fragment definitions, spreading one another at most {@code maxDepth} deep and never in a
 * cycle, and an operation of at most {@code maxInlinedSelections} selections once every fragment spread is replaced
 * by its fragment. A refusal is {@code VALIDATION_FAILED} with {@code field: "query"} and the figures in
 * {@code extensions}, like {@link QueryCost}'s. Reading the document once: O(its size).
 *
 * <p>Why before validation: graphql-java's {@code NoFragmentCycles} rule walks, for every fragment, every chain of
 * spreads below it and copies the path at each step, so a chain of n fragments costs about n³ (400 took 2.4 s, the
 * 18 KB chain of 492 that fits under {@code max-document-chars} about 4.5 s on an idle machine, and it runs on a
 * server event loop). And {@link QueryCost}'s normalized operation expands a fragment at every path that spreads it:
 * 10 layers of 10 fragments, each spreading the whole next layer, are 10¹⁰ expansions in 10 KB (it ran out of memory);
 * the inlined size bounds that.
 */
public final class FragmentLimits extends SimplePerformantInstrumentation {

    /**
     * The limits; {@code maxDepth} counts fragments in the longest chain of spreads (f0 spreads f1: 2), and
     * {@code maxInlinedSelections} the fields, inline fragments and spreads of an operation with its fragments inlined.
     */
    public record Limits(int maxFragments, int maxDepth, int maxInlinedSelections) {
    }

    private final Limits limits;

    public FragmentLimits(Limits limits) {
        this.limits = limits;
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
            InstrumentationState state) {
        check(parameters.getDocument());
        return SimpleInstrumentationContext.noOp();
    }

    /** Throws the refusal ({@link graphql.execution.AbortExecutionException}) when the document is over a limit. */
    void check(Document document) {
        Map<String, List<FragmentDefinition>> fragments = new LinkedHashMap<>();
        int count = 0;
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof FragmentDefinition fragment) {
                fragments.computeIfAbsent(fragment.getName(), name -> new ArrayList<>(1)).add(fragment);
                count++;
            }
        }
        if (count > limits.maxFragments()) {
            throw QueryCost.refusal("the document defines " + count + " fragments; at most "
                    + limits.maxFragments() + " are allowed", Map.of(
                    "fragments", count, "maxFragments", limits.maxFragments()));
        }
        // a name defined twice stands for both definitions (graphql-java refuses the duplicate itself)
        Map<String, Set<String>> spreads = new LinkedHashMap<>();
        fragments.forEach((name, definitions) -> {
            Set<String> names = new LinkedHashSet<>();
            for (FragmentDefinition definition : definitions) {
                walk(definition.getSelectionSet(), spread -> names.add(spread.getName()));
            }
            spreads.put(name, names);
        });
        Chains chains = new Chains(spreads);
        chains.check();
        Inlined inlined = new Inlined(fragments, chains.order);
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation) {
                inlined.check(operation);
            }
        }
    }

    /**
     * Visits every selection of the selection set and of those nested in it, not following spreads; answers how many
     * there were, and stops counting (and visiting) past {@code atMost}.
     */
    private static long walk(SelectionSet root, Consumer<FragmentSpread> onSpread) {
        return walk(root, Long.MAX_VALUE, spread -> {
            onSpread.accept(spread);
            return 0;
        });
    }

    private static long walk(SelectionSet root, long atMost, ToLongFunction<FragmentSpread> spreadSize) {
        long size = 0;
        Deque<SelectionSet> pending = new ArrayDeque<>();
        if (root != null) {
            pending.push(root);
        }
        while (!pending.isEmpty() && size <= atMost) {
            for (Selection<?> selection : pending.pop().getSelections()) {
                size = saturatedAdd(size, 1);
                SelectionSet inside = switch (selection) {
                    case FragmentSpread spread -> {
                        size = saturatedAdd(size, spreadSize.applyAsLong(spread));
                        yield null;
                    }
                    case Field field -> field.getSelectionSet();
                    case InlineFragment inline -> inline.getSelectionSet();
                    default -> null;
                };
                if (inside != null) {
                    pending.push(inside);
                }
            }
        }
        return size;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * The longest chain of spreads, each fragment measured once (spreads of undefined fragments are left to
     * graphql-java's KnownFragmentNames). Recursion is at most {@code maxFragments} deep: the count is checked first.
     */
    private final class Chains {

        private final Map<String, Set<String>> spreads;
        private final Map<String, Integer> depths = new HashMap<>();
        /** The fragments being measured, in spread order: one spread again is a cycle. */
        private final LinkedHashSet<String> path = new LinkedHashSet<>();
        /** Every fragment after those it spreads. */
        final List<String> order = new ArrayList<>();

        Chains(Map<String, Set<String>> spreads) {
            this.spreads = spreads;
        }

        void check() {
            for (String fragment : spreads.keySet()) {
                int depth = depth(fragment);
                if (depth > limits.maxDepth()) {
                    throw QueryCost.refusal("fragments spread one another " + depth + " deep (from fragment " + fragment
                            + "); at most " + limits.maxDepth() + " are allowed", Map.of(
                            "fragmentDepth", depth, "maxFragmentDepth", limits.maxDepth()));
                }
            }
        }

        private int depth(String fragment) {
            Integer known = depths.get(fragment);
            if (known != null) {
                return known;
            }
            if (!path.add(fragment)) {
                List<String> onPath = new ArrayList<>(path);
                List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(fragment), onPath.size()));
                cycle.add(fragment);
                throw QueryCost.refusal("fragment " + fragment + " spreads itself (" + String.join(" → ", cycle)
                        + "): fragments must not form cycles", Map.of("fragment", fragment));
            }
            int deepest = 0;
            for (String spread : spreads.get(fragment)) {
                if (spreads.containsKey(spread)) {
                    deepest = Math.max(deepest, depth(spread));
                }
            }
            path.remove(fragment);
            order.add(fragment);
            depths.put(fragment, deepest + 1);
            return deepest + 1;
        }
    }

    /**
     * The size of an operation with its fragments inlined. Each fragment is measured once, after those it spreads
     * ({@link Chains#order}: they form no cycle), so in O(document) and without recursion; a measure stops a little
     * past the limit.
     */
    private final class Inlined {

        private final Map<String, Long> sizes = new HashMap<>();

        Inlined(Map<String, List<FragmentDefinition>> fragments, List<String> order) {
            for (String name : order) {
                long size = 0;
                for (FragmentDefinition definition : fragments.get(name)) {
                    size = saturatedAdd(size, walk(definition.getSelectionSet(), limits.maxInlinedSelections(), this::size));
                }
                sizes.put(name, size);
            }
        }

        void check(OperationDefinition operation) {
            long size = walk(operation.getSelectionSet(), limits.maxInlinedSelections(), this::size);
            if (size > limits.maxInlinedSelections()) {
                String name = operation.getName() == null ? "the operation" : "operation " + operation.getName();
                throw QueryCost.refusal(name + " has more than " + limits.maxInlinedSelections()
                        + " selections once its fragment spreads are replaced by their fragments (each spread counts"
                        + " what its fragment selects, again)", Map.of(
                        "maxInlinedSelections", limits.maxInlinedSelections()));
            }
        }

        /** What the spread fragment selects, its own spreads inlined; 0 for an undefined one. */
        private long size(FragmentSpread spread) {
            return sizes.getOrDefault(spread.getName(), 0L);
        }
    }
}
