package io.decidr.workflows.onboarding;

import java.util.List;
import java.util.Objects;

/** One collection of a template: its name (unique in the template) and attributes in definition order. */
public record CollectionSpec(String name, List<AttributeSpec> attributes) {

    public CollectionSpec {
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
    }
}
