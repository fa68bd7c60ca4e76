package io.decidr.workflows.onboarding;

import static io.decidr.workflows.onboarding.AttributeKind.TEXT;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The named templates a tenant may be onboarded with. A template is resolved when the saga is requested and travels in
 * its request, so a template changed here never changes an onboarding in flight (nor breaks its replay).
 */
public final class OnboardingTemplates {

    /** Companies and the contacts who work for them. */
    public static final List<CollectionSpec> CRM = List.of(
            new CollectionSpec("Companies", List.of(
                    AttributeSpec.of("Name", TEXT, true),
                    AttributeSpec.of("Website", TEXT, false))),
            new CollectionSpec("Contacts", List.of(
                    AttributeSpec.of("Name", TEXT, true),
                    AttributeSpec.of("Email", TEXT, false),
                    AttributeSpec.of("Phone", TEXT, false),
                    AttributeSpec.link("Employer", "Companies", "Contacts"))));

    private static final Map<String, List<CollectionSpec>> TEMPLATES = Map.of("crm", CRM);

    private OnboardingTemplates() {
    }

    /** The template's collections, in creation order; empty for a name no template has. */
    public static Optional<List<CollectionSpec>> named(String name) {
        return Optional.ofNullable(name).map(TEMPLATES::get);
    }

    public static Set<String> names() {
        return TEMPLATES.keySet();
    }
}
