package io.decidr.domain.collection;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.TextInput;
import java.util.HashSet;
import java.util.List;

/** Holds a new attribute's type to its limits, and strips the text it contains (options, backlink names). */
final class AttributeTypeRules {

    private AttributeTypeRules() {
    }

    /** The type as it is stored; a {@code VALIDATION_FAILED} rejection when it breaks a limit. */
    static AttributeType validated(AttributeType type) {
        return switch (type) {
            case TextType t -> textType(t);
            case NumberType n -> n;
            case BooleanType b -> b;
            case DateType d -> d;
            case SelectType s -> selectType(s);
            case LinkType l -> linkType(l);
        };
    }

    private static TextType textType(TextType type) {
        if (type.maxLength() < 1 || type.maxLength() > TextType.LARGEST_MAX_LENGTH) {
            throw Rejection.validation("maxLength", "maxLength must be 1 to " + TextType.LARGEST_MAX_LENGTH);
        }
        return type;
    }

    private static LinkType linkType(LinkType type) {
        String backlinkName =
                TextInput.stripped(type.backlinkName(), "backlinkName", LinkType.MAX_BACKLINK_NAME_LENGTH);
        return new LinkType(type.target(), backlinkName);
    }

    private static SelectType selectType(SelectType type) {
        if (type.options().isEmpty() || type.options().size() > SelectType.MAX_OPTIONS) {
            throw Rejection.validation(
                    "options", "a select attribute has 1 to " + SelectType.MAX_OPTIONS + " options");
        }
        List<String> options = type.options().stream()
                .map(option -> TextInput.stripped(option, "options", SelectType.MAX_OPTION_LENGTH))
                .toList();
        if (new HashSet<>(options).size() != options.size()) {
            throw Rejection.validation("options", "options must be unique");
        }
        return new SelectType(options);
    }
}
