package io.decidr.workflows.onboarding;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.StepDone;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Activities for workflow tests: a tiny model of what the real ones change (a tenant registered and suspended, its
 * collections created and archived, its admin), each call recorded as {@code step} or {@code step:subject}, and the
 * calls it is told to refuse or break. As with the real ones, a compensation undoes only what a step did, once.
 */
final class ScriptedOnboardingActivities implements OnboardingActivities {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Set<String> created = new LinkedHashSet<>();
    final Set<String> archived = new LinkedHashSet<>();
    final List<String> suspensions = new CopyOnWriteArrayList<>();
    volatile boolean registered;
    volatile String admin;
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> reached = new ConcurrentHashMap<>();

    ScriptedOnboardingActivities refuse(String call, RejectionCode code, String message) {
        failures.put(call, Refusal.failure(new Rejection(code, null, message)));
        return this;
    }

    ScriptedOnboardingActivities breakDown(String call) {
        failures.put(call, new IllegalStateException("connection refused (scripted)"));
        return this;
    }

    /** What the model holds now, for comparing before and after a compensation runs again. */
    List<Object> state() {
        return List.of(registered, new ArrayList<>(created), new ArrayList<>(archived), new ArrayList<>(suspensions),
                String.valueOf(admin));
    }

    /** Completes once {@code call} has been made. */
    CompletableFuture<Void> reached(String call) {
        return reached.computeIfAbsent(call, any -> new CompletableFuture<>());
    }

    private void call(String name) {
        calls.add(name);
        reached(name).complete(null);
        RuntimeException failure = failures.get(name);
        if (failure != null) {
            throw failure;
        }
    }

    private static UUID id(OnboardingRequest request, String collection) {
        return UUID.nameUUIDFromBytes((request.workflowId() + "/" + collection).getBytes(StandardCharsets.UTF_8));
    }

    private static StepDone done(String stream, boolean changed) {
        return new StepDone(stream, 1, changed);
    }

    @Override
    public StepDone registerTenant(OnboardingRequest request) {
        call("registerTenant");
        registered = true;
        return done("tenant:" + request.tenantId(), true);
    }

    @Override
    public CreatedCollection createCollection(OnboardingRequest request, String collection) {
        call("createCollection:" + collection);
        created.add(collection);
        return new CreatedCollection(collection, id(request, collection), 1);
    }

    @Override
    public int defineAttributes(OnboardingRequest request, String collection, Map<String, UUID> collectionIds) {
        call("defineAttributes:" + collection);
        for (AttributeSpec attribute : request.collection(collection).attributes()) {
            if (attribute.kind() == AttributeKind.LINK && !collectionIds.containsKey(attribute.target())) {
                throw new IllegalStateException("no id for " + attribute.target());
            }
        }
        return request.collection(collection).attributes().size();
    }

    @Override
    public StepDone grantAdmin(OnboardingRequest request) {
        call("grantAdmin");
        admin = request.adminUser();
        return new StepDone("tenant:" + request.tenantId(), 2, true);
    }

    @Override
    public StepDone archiveCollection(OnboardingRequest request, String collection) {
        call("archiveCollection:" + collection);
        boolean changed = created.contains(collection) && archived.add(collection);
        return done("collection:" + id(request, collection), changed);
    }

    @Override
    public StepDone suspendTenant(OnboardingRequest request, String reason) {
        call("suspendTenant");
        boolean changed = registered && suspensions.isEmpty();
        if (changed) {
            suspensions.add(reason);
        }
        return done("tenant:" + request.tenantId(), changed);
    }
}
