package io.decidr.domain.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueKindTest {

    private final CollectionId collection = new CollectionId(UUID.randomUUID());
    private final Attribute budget = new Attribute(new AttributeId(UUID.randomUUID()), "Budget", new NumberType(), false);
    private final Attribute parent = new Attribute(new AttributeId(UUID.randomUUID()), "Parent",
            new LinkType(collection, "Children"), false);
    private final CollectionSchema schema = new CollectionSchema(collection, false, List.of(budget, parent,
            new Attribute(new AttributeId(UUID.randomUUID()), "Public", new BooleanType(), false),
            new Attribute(new AttributeId(UUID.randomUUID()), "Tier", new SelectType(List.of("gold")), false),
            new Attribute(new AttributeId(UUID.randomUUID()), "Title", TextType.withDefaultMaxLength(), false)));

    @Test
    void a_value_of_the_kind_its_attribute_takes_passes_as_it_is() {
        NumberValue ten = new NumberValue(BigDecimal.TEN);
        assertThat(ValueKind.require(budget, ten, "values.Budget")).isSameAs(ten);
        assertThat(schema.attributes()).extracting(a -> ValueKind.takenBy(a.type()))
                .containsExactly("number", null, "boolean", "option", "text");
    }

    @Test
    void another_kind_or_any_value_for_a_link_is_refused_naming_the_field() {
        assertThatThrownBy(() -> ValueKind.require(budget, new TextValue("lots"), "values.Budget"))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.field()).contains("values.Budget"))
                .hasMessageContaining("takes a `number` value, got text");
        assertThatThrownBy(() -> ValueKind.require(parent, new TextValue("x"), "values.Parent"))
                .isInstanceOf(Rejection.class).hasMessageContaining("LINK attribute");
    }

    @Test
    void an_attribute_is_found_by_its_id_or_by_its_name_in_any_case() {
        assertThat(schema.attributeByReference(budget.id().toString())).contains(budget);
        assertThat(schema.attributeByReference(" bUdGeT ")).contains(budget);
        assertThat(schema.attributeByReference(UUID.randomUUID().toString())).isEmpty();
        assertThat(schema.attributeByReference("Colour")).isEmpty();
        assertThat(schema.attributeByReference(null)).isEmpty();
    }
}
