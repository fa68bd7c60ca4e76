package io.decidr.workflows.link;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.workflows.saga.Refusal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Activities for workflow tests: records each call, and refuses or breaks the steps it is told to. Each step
 * "changes" the entity the first time only, as the real steps do with their derived command ids.
 */
final class ScriptedLinkActivities implements LinkActivities {

    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> effects = new ConcurrentHashMap<>();

    ScriptedLinkActivities refuse(String step, RejectionCode code, String message) {
        failures.put(step, Refusal.failure(new Rejection(code, null, message)));
        return this;
    }

    ScriptedLinkActivities breakDown(String step) {
        failures.put(step, new IllegalStateException("connection refused (scripted)"));
        return this;
    }

    /** How many times a step changed something (never more than once per command). */
    int effects(String step) {
        return effects.getOrDefault(step, 0);
    }

    private StepResult step(String name, LinkRequest request, String entity) {
        calls.add(name);
        RuntimeException failure = failures.get(name);
        if (failure != null) {
            throw failure;
        }
        boolean first = effects.merge(name, 1, Integer::sum) == 1;
        if (!first) {
            effects.merge(name, -1, Integer::sum);
        }
        return new StepResult("entity:" + request.tenantId() + ":" + entity, calls.size(), first);
    }

    private StepResult compensation(String name, String undoes, LinkRequest request) {
        if (effects(undoes) == 0) {
            calls.add(name);
            return new StepResult("entity:" + request.tenantId() + ":" + request.sourceId(), 0, false);
        }
        return step(name, request, request.sourceId().toString());
    }

    @Override
    public StepResult addLink(LinkRequest request) {
        return step("addLink", request, request.sourceId().toString());
    }

    @Override
    public StepResult addBacklink(LinkRequest request) {
        return step("addBacklink", request, request.targetId().toString());
    }

    @Override
    public StepResult undoLink(LinkRequest request) {
        return compensation("undoLink", "addLink", request);
    }

    @Override
    public StepResult removeLink(LinkRequest request) {
        return step("removeLink", request, request.sourceId().toString());
    }

    @Override
    public StepResult removeBacklink(LinkRequest request) {
        return step("removeBacklink", request, request.targetId().toString());
    }

    @Override
    public StepResult restoreLink(LinkRequest request) {
        return compensation("restoreLink", "removeLink", request);
    }
}
