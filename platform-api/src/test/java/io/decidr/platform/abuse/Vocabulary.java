package io.decidr.platform.abuse;

import java.util.List;
import java.util.Map;

/**
 * Real values of the fixture tenant, by the name of the argument or input field that takes them (e.g.
 * {@code collectionId} takes the fixture's collection ids), so valid-looking calls get past lookups and reach
 * deciders and storage with the abusive value next to them.
 *
 * @param byName                 candidate values per argument or input-field name
 * @param attributeForValueField an input object with an {@code attribute} field names the attribute whose type the
 *                               value field it sets carries: value field name ({@code number}) to an attribute id
 */
record Vocabulary(Map<String, List<Object>> byName, Map<String, String> attributeForValueField) {

    List<Object> forName(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
