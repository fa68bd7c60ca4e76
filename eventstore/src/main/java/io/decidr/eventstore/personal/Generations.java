package io.decidr.eventstore.personal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A bounded map in two halves, for keys kept in memory: what is put goes into the young half; once that holds
 * {@code half} entries it becomes the old half, and the old one is dropped with whatever in it was not used since. A
 * get that finds an entry in the old half moves it into the young one, so entries in use stay. A put costs a hash
 * map's put (no bookkeeping of use, no eviction work): it is on the write path, once for every new subject.
 *
 * <p>Gets take no lock. Puts, moves and removals take this map's, so that a removal is final: an entry removed cannot
 * come back by a get that found it just before (the move looks again under the lock).
 */
final class Generations<K, V> {

    private final int half;
    private volatile Map<K, V> young = new ConcurrentHashMap<>();
    private volatile Map<K, V> old = new ConcurrentHashMap<>();

    /** @param bound at most this many entries are kept (at least two) */
    Generations(int bound) {
        if (bound < 2) {
            throw new IllegalArgumentException("a bound of at least 2 entries, not " + bound);
        }
        this.half = bound / 2;
    }

    V get(K key) {
        V value = young.get(key);
        if (value != null) {
            return value;
        }
        value = old.get(key);
        if (value != null) {
            moveToYoung(key, value);
        }
        return value;
    }

    synchronized void put(K key, V value) {
        young.put(key, value);
        old.remove(key);
        if (young.size() >= half) {
            old = young;
            young = new ConcurrentHashMap<>();
        }
    }

    /** Removes the entry of {@code key}; answers what it was, or null. */
    synchronized V remove(K key) {
        V young = this.young.remove(key);
        V old = this.old.remove(key);
        return young != null ? young : old;
    }

    /** Removes the entry of {@code key} only while it is {@code value}. */
    synchronized void remove(K key, V value) {
        young.remove(key, value);
        old.remove(key, value);
    }

    synchronized void removeIf(Predicate<V> which) {
        young.values().removeIf(which);
        old.values().removeIf(which);
    }

    /** How many entries are kept now (both halves). */
    int size() {
        return young.size() + old.size();
    }

    private synchronized void moveToYoung(K key, V value) {
        // removed or replaced meanwhile: leave it so
        if (old.get(key) == value && !young.containsKey(key)) {
            put(key, value);
        }
    }
}
