package io.decidr.platform.abuse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every violation of a run, collected from all clients, so one run reports everything at once: grouped by kind,
 * with the number of distinct targets and a few examples of each.
 */
final class Violations {

    private static final int EXAMPLES_PER_KIND = 8;
    private static final java.util.regex.Pattern VARYING = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\d+|'[^']*'|\"[^\"]*\"|\\[[^\\]]*\\]");

    private final ConcurrentLinkedQueue<Violation> all = new ConcurrentLinkedQueue<>();

    void add(Violation violation) {
        all.add(violation);
    }

    void addAll(List<Violation> violations) {
        all.addAll(violations);
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    int size() {
        return all.size();
    }

    /** Kind, count and distinct targets, then examples with one per target first. */
    String summary() {
        Map<String, List<Violation>> byKind = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparing(Violation::kind).thenComparing(Violation::target))
                .forEach(violation -> byKind.computeIfAbsent(violation.kind(), kind -> new ArrayList<>()).add(violation));
        StringBuilder text = new StringBuilder();
        text.append(all.size()).append(" violations of ").append(byKind.size()).append(" kinds\n");
        byKind.forEach((kind, violations) -> {
            Map<String, Violation> firstPerTarget = new LinkedHashMap<>();
            violations.forEach(violation -> firstPerTarget.putIfAbsent(violation.target(), violation));
            Map<String, Violation> firstPerAnswer = new LinkedHashMap<>();
            violations.forEach(violation -> firstPerAnswer.putIfAbsent(signature(violation.response()), violation));
            text.append("\n== ").append(kind).append(": ").append(violations.size()).append(" responses, ")
                    .append(firstPerTarget.size()).append(" targets, ").append(firstPerAnswer.size())
                    .append(" distinct answers\n");
            text.append("   targets: ").append(Texts.cut(String.join(", ", firstPerTarget.keySet()), 1_500)).append('\n');
            firstPerAnswer.values().stream().limit(EXAMPLES_PER_KIND).forEach(violation -> text
                    .append("   - ").append(violation.target()).append('\n')
                    .append("       sent: ").append(violation.request()).append('\n')
                    .append("       got:  ").append(violation.response()).append('\n'));
        });
        return text.toString();
    }

    /** Every violation, one block each, for the report file. */
    String all() {
        StringBuilder text = new StringBuilder();
        all.stream().sorted(Comparator.comparing(Violation::kind).thenComparing(Violation::target)).forEach(violation -> text
                .append(violation.kind()).append(" | ").append(violation.target()).append('\n')
                .append("    sent: ").append(violation.request()).append('\n')
                .append("    got:  ").append(violation.response()).append('\n'));
        return text.toString();
    }

    /** An answer with its ids, numbers and quoted values blanked, so answers that differ only there count as one. */
    private static String signature(String response) {
        String blanked = VARYING.matcher(response).replaceAll("…");
        return blanked.substring(0, Math.min(100, blanked.length()));
    }
}
