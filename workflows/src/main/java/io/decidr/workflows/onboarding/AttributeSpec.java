package io.decidr.workflows.onboarding;

import java.util.Objects;

/**
 * One attribute of a template's collection.
 *
 * @param target       LINK only: the name of the template's collection linked entities belong to
 * @param backlinkName LINK only: the name under which targets see the link coming back
 */
public record AttributeSpec(String name, AttributeKind kind, boolean required, String target, String backlinkName) {

    public AttributeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    public static AttributeSpec of(String name, AttributeKind kind, boolean required) {
        return new AttributeSpec(name, kind, required, null, null);
    }

    public static AttributeSpec link(String name, String target, String backlinkName) {
        return new AttributeSpec(name, AttributeKind.LINK, false, target, backlinkName);
    }
}
