package io.decidr.eventstore.codec;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The stable names and current schema versions of one aggregate's event classes.
 *
 * <p>Stored events carry these names, never Java class names, so classes can be renamed or moved freely.
 *
 * @param <E> the aggregate's event type
 */
public final class EventTypes<E> {

    private final Map<String, Registration<? extends E>> byName = new HashMap<>();
    private final Map<Class<?>, Registration<? extends E>> byClass = new HashMap<>();

    private record Registration<T>(String name, Class<T> type, int version) {
    }

    /** Registers an event class under a stable name with the version its layout currently has. */
    public EventTypes<E> add(String name, Class<? extends E> type, int currentVersion) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (currentVersion < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        Registration<? extends E> registration = new Registration<>(name, type, currentVersion);
        if (byName.putIfAbsent(name, registration) != null) {
            throw new IllegalArgumentException("event type name " + name + " is registered twice");
        }
        if (byClass.putIfAbsent(type, registration) != null) {
            throw new IllegalArgumentException(type + " is registered twice");
        }
        return this;
    }

    /** Registers an event class at version 1. */
    public EventTypes<E> add(String name, Class<? extends E> type) {
        return add(name, type, 1);
    }

    String nameOf(Class<?> type) {
        return registrationOf(type).name();
    }

    int currentVersionOf(Class<?> type) {
        return registrationOf(type).version();
    }

    Class<? extends E> classOf(String name) {
        Registration<? extends E> registration = byName.get(name);
        if (registration == null) {
            throw new UnknownEventTypeException(name);
        }
        return registration.type();
    }

    int currentVersionOf(String name) {
        Registration<? extends E> registration = byName.get(name);
        if (registration == null) {
            throw new UnknownEventTypeException(name);
        }
        return registration.version();
    }

    private Registration<? extends E> registrationOf(Class<?> type) {
        Registration<? extends E> registration = byClass.get(type);
        if (registration == null) {
            throw new IllegalArgumentException(type + " has no stable event type name");
        }
        return registration;
    }
}
