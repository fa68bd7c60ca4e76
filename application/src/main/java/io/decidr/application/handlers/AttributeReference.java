package io.decidr.application.handlers;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Finds an attribute by what a client calls it: its id, or its name in any letter case. */
final class AttributeReference {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private AttributeReference() {
    }

    static Optional<Attribute> find(CollectionSchema schema, String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        if (UUID_TEXT.matcher(reference).matches()) {
            Optional<Attribute> byId = schema.attribute(new AttributeId(UUID.fromString(reference)));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return schema.attributeNamed(reference.strip());
    }
}
