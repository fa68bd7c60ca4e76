package io.decidr.workflows.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** FORMULA expressions have no loops: CEL's macros (the only way to a comprehension) do not compile. */
class FormulaProgramTest {

    private static final Attribute PRICE = new Attribute(new AttributeId(UUID.randomUUID()), "Price", new NumberType(), false);
    private static final Attribute ACTIVE = new Attribute(new AttributeId(UUID.randomUUID()), "Active", new BooleanType(), false);
    private static final CollectionSchema SCHEMA = new CollectionSchema(new CollectionId(UUID.randomUUID()), false,
            List.of(PRICE, ACTIVE));

    @ParameterizedTest
    @ValueSource(strings = {
            "[1.0, 2.0].all(x, x > 0.0)",
            "[1.0, 2.0].exists(x, x > Price)",
            "[1.0, 2.0].exists_one(x, x > 1.0)",
            "size([1.0, 2.0].map(x, x * Price)) > 0",
            "size([1.0, 2.0].filter(x, x > 1.0)) > 0",
            "[1.0, 2.0].map(x, [1.0, 2.0].map(y, x * y)).size() > 0"})
    void a_macro_does_not_compile(String expression) {
        assertThatThrownBy(() -> FormulaProgram.compile(expression, SCHEMA, ACTIVE))
                .isInstanceOfSatisfying(Rejection.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo(RejectionCode.VALIDATION_FAILED);
                    assertThat(rejected.field()).contains("params.expression");
                });
    }

    @Test
    void the_same_without_a_macro_compiles_and_comprehensions_would_be_bounded() {
        FormulaProgram.compile("Price > 1.0 && [1.0, 2.0].size() == 2", SCHEMA, ACTIVE);
        assertThat(FormulaProgram.OPTIONS.comprehensionMaxIterations()).isEqualTo(FormulaProgram.MAX_ITERATIONS);
    }
}
