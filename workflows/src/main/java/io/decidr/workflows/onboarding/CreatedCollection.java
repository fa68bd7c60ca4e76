package io.decidr.workflows.onboarding;

import java.util.UUID;

/** A template's collection as onboarding created it. */
public record CreatedCollection(String name, UUID id, long version) {
}
