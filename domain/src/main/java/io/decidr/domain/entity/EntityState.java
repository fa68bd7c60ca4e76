package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An entity as its events leave it.
 *
 * @param id null until the entity exists
 * @param collection null until the entity exists
 * @param values by attribute; may hold values of attributes the schema has since removed
 * @param links link targets by link attribute; an attribute without links has no entry
 * @param backlinks links other entities hold to this one
 * @param personal the attributes whose values are personal data (of those it ever had a value for)
 * @param erased whether its personal data was erased: those values are then {@link ErasedValue}
 */
public record EntityState(
        boolean exists,
        EntityId id,
        CollectionId collection,
        Map<AttributeId, Value> values,
        boolean archived,
        Map<AttributeId, Set<EntityId>> links,
        Set<Backlink> backlinks,
        Set<AttributeId> personal,
        boolean erased) {

    public static final int SCHEMA_VERSION = 1;

    public EntityState {
        values = Map.copyOf(values);
        links = links.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        backlinks = Set.copyOf(backlinks);
        // snapshots written before personal data existed have no such field
        personal = personal == null ? Set.of() : Set.copyOf(personal);
    }

    /** An entity nobody created yet. */
    public static EntityState initial() {
        return new EntityState(false, null, null, Map.of(), false, Map.of(), Set.of(), Set.of(), false);
    }

    static EntityState created(EntityId id, CollectionId collection, Map<AttributeId, Value> values,
            Set<AttributeId> personal) {
        return new EntityState(true, id, collection, values, false, Map.of(), Set.of(), personal, false);
    }

    /** The targets linked through {@code attribute}; empty when none. */
    public Set<EntityId> linksOf(AttributeId attribute) {
        return links.getOrDefault(attribute, Set.of());
    }

    public EntityState withValue(AttributeId attribute, Value value, boolean isPersonal) {
        Map<AttributeId, Value> changed = new HashMap<>(values);
        changed.put(attribute, value);
        Set<AttributeId> nowPersonal = personal;
        if (isPersonal && !personal.contains(attribute)) {
            nowPersonal = new HashSet<>(personal);
            nowPersonal.add(attribute);
        }
        return new EntityState(exists, id, collection, changed, archived, links, backlinks, nowPersonal, erased);
    }

    /** Whether the attribute's value is personal data. */
    public boolean isPersonal(AttributeId attribute) {
        return personal.contains(attribute);
    }

    /** Every personal value replaced by {@link ErasedValue}. */
    public EntityState asErased() {
        Map<AttributeId, Value> changed = new HashMap<>(values);
        changed.replaceAll((attribute, value) -> personal.contains(attribute) ? ErasedValue.INSTANCE : value);
        return new EntityState(exists, id, collection, changed, archived, links, backlinks, personal, true);
    }

    public EntityState withoutValue(AttributeId attribute) {
        Map<AttributeId, Value> changed = new HashMap<>(values);
        changed.remove(attribute);
        return new EntityState(exists, id, collection, changed, archived, links, backlinks, personal, erased);
    }

    public EntityState withArchived(boolean nowArchived) {
        return new EntityState(exists, id, collection, values, nowArchived, links, backlinks, personal, erased);
    }

    public EntityState withLink(AttributeId attribute, EntityId target) {
        Set<EntityId> targets = new HashSet<>(linksOf(attribute));
        targets.add(target);
        return withLinks(attribute, targets);
    }

    public EntityState withoutLink(AttributeId attribute, EntityId target) {
        Set<EntityId> targets = new HashSet<>(linksOf(attribute));
        targets.remove(target);
        return withLinks(attribute, targets);
    }

    public EntityState withBacklink(Backlink backlink) {
        Set<Backlink> changed = new HashSet<>(backlinks);
        changed.add(backlink);
        return new EntityState(exists, id, collection, values, archived, links, changed, personal, erased);
    }

    public EntityState withoutBacklink(EntityId source, AttributeId sourceAttribute) {
        Set<Backlink> changed = new HashSet<>(backlinks);
        changed.removeIf(b -> b.from(source, sourceAttribute));
        return new EntityState(exists, id, collection, values, archived, links, changed, personal, erased);
    }

    private EntityState withLinks(AttributeId attribute, Set<EntityId> targets) {
        Map<AttributeId, Set<EntityId>> changed = new HashMap<>(links);
        if (targets.isEmpty()) {
            changed.remove(attribute);
        } else {
            changed.put(attribute, targets);
        }
        return new EntityState(exists, id, collection, values, archived, changed, backlinks, personal, erased);
    }
}
