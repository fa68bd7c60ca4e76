package io.decidr.workflows.archive;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.StepDone;
import io.temporal.activity.Activity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Activities for workflow tests: a tiny model of a collection (entities in creation order, some archived before, live
 * links into some) and of what the real activities change, by saga key, as they do. Calls are recorded as
 * {@code check}, {@code list:<from>}, {@code archive:<first>}, {@code restore:<first>} and {@code archiveCollection}
 * (positions in creation order); a call can be refused, broken a number of times, or held until released.
 */
final class ScriptedArchiveActivities implements ArchiveCollectionActivities {

    final List<UUID> entities = new ArrayList<>();
    /** Entity -> the saga key that archived it ("before" for one archived before the saga). */
    final Map<UUID, String> archived = new ConcurrentHashMap<>();
    /** Entity -> its live links from other collections. */
    final Map<UUID, Integer> links = new ConcurrentHashMap<>();
    /** Entity -> the links this saga removed (and has not put back). */
    final Map<UUID, Integer> unlinked = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Set<String> sagaKeys = ConcurrentHashMap.newKeySet();
    volatile boolean collectionArchived;

    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> reached = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();

    ScriptedArchiveActivities(int count) {
        for (int i = 0; i < count; i++) {
            UUID entity = UUID.nameUUIDFromBytes(("entity-" + i).getBytes());
            entities.add(entity);
            links.put(entity, i % 3 == 0 ? 2 : 0);
        }
    }

    ScriptedArchiveActivities archivedBefore(int position) {
        archived.put(entities.get(position), "before");
        return this;
    }

    /** The call is refused, the first time it is made. */
    ScriptedArchiveActivities refuse(String call, RejectionCode code, String message) {
        return fail(call, Refusal.failure(new Rejection(code, null, message)), 1);
    }

    /** The call fails as infrastructure does, {@code times} times. */
    ScriptedArchiveActivities breakDown(String call, int times) {
        return fail(call, new IllegalStateException("connection refused (scripted)"), times);
    }

    private ScriptedArchiveActivities fail(String call, RuntimeException failure, int times) {
        failures.put(call, failure);
        failuresLeft.put(call, new AtomicInteger(times));
        return this;
    }

    /** The call, once made, waits for {@link #release}. */
    ScriptedArchiveActivities hold(String call) {
        held.put(call, new CompletableFuture<>());
        return this;
    }

    void release(String call) {
        held.get(call).complete(null);
    }

    /** Completes once {@code call} has been made. */
    CompletableFuture<Void> reached(String call) {
        return reached.computeIfAbsent(call, any -> new CompletableFuture<>());
    }

    void await(String call) throws ExecutionException, InterruptedException, TimeoutException {
        reached(call).get(30, TimeUnit.SECONDS);
    }

    /** The entities archived now, and by whom; the links removed now; the collection: to compare before and after. */
    List<Object> state() {
        return List.of(Map.copyOf(archived), Map.copyOf(unlinked), collectionArchived);
    }

    private void call(String name) {
        calls.add(name);
        reached(name).complete(null);
        AtomicInteger left = failuresLeft.get(name);
        if (left != null && left.getAndDecrement() > 0) {
            throw failures.get(name);
        }
    }

    private int position(UUID entity) {
        return entities.indexOf(entity);
    }

    @Override
    public String check(ArchiveRequest request) {
        call("check");
        return "Companies";
    }

    @Override
    public EntityPage listEntities(ArchiveRequest request, Checkpoint after) {
        int from = (int) after.position();
        call("list:" + from);
        int to = Math.min(entities.size(), from + request.pageSize());
        return new EntityPage(entities.subList(from, to), new Checkpoint(0, to), to - from < request.pageSize());
    }

    /** Archives the page's entities, heartbeating after each. A held page holds after its first entity, heartbeating. */
    @Override
    public PageDone archiveEntities(ArchiveRequest request, String sagaKey, List<UUID> page) {
        String name = "archive:" + position(page.getFirst());
        call(name);
        sagaKeys.add(sagaKey);
        int archivedNow = 0;
        int unlinkedNow = 0;
        for (UUID entity : page) {
            if (archived.putIfAbsent(entity, sagaKey) == null) {
                archivedNow++;
                int removed = links.get(entity);
                unlinked.merge(entity, removed, Integer::sum);
                links.put(entity, 0);
                unlinkedNow += removed;
            }
            Activity.getExecutionContext().heartbeat(position(entity));
            holdHeartbeating(name);
        }
        return new PageDone(archivedNow, unlinkedNow);
    }

    private void holdHeartbeating(String name) {
        CompletableFuture<Void> hold = held.get(name);
        while (hold != null && !hold.isDone()) {
            try {
                hold.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillHeld) {
                Activity.getExecutionContext().heartbeat("held");
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public PageDone restoreEntities(ArchiveRequest request, String sagaKey, List<UUID> page) {
        call("restore:" + position(page.getFirst()));
        sagaKeys.add(sagaKey);
        int restored = 0;
        int relinked = 0;
        for (UUID entity : page) {
            if (archived.remove(entity, sagaKey)) {
                restored++;
            }
            Integer removed = unlinked.remove(entity);
            if (removed != null) {
                links.merge(entity, removed, Integer::sum);
                relinked += removed;
            }
        }
        return new PageDone(restored, relinked);
    }

    @Override
    public StepDone archiveCollection(ArchiveRequest request, String sagaKey) {
        call("archiveCollection");
        CompletableFuture<Void> hold = held.get("archiveCollection");
        if (hold != null) {
            hold.join();
        }
        sagaKeys.add(sagaKey);
        collectionArchived = true;
        return new StepDone("collection:" + request.collectionId(), 2, true);
    }
}
