package io.decidr.workflows.job;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A FORMULA job's expression: CEL over the entity's values, type-checked against the collection's schema and the
 * target attribute before the job starts. Each attribute is a variable named after it (characters other than letters,
 * digits and {@code _} become {@code _}): NUMBER as double, BOOLEAN as bool, TEXT, SELECT and DATE (ISO) as string.
 * An entity lacking a value the expression reads is skipped (with the error kept as the job's last error).
 *
 * <p>No macros ({@code all}, {@code exists}, {@code exists_one}, {@code map}, {@code filter}, {@code has}): without
 * them CEL has no comprehensions, so an expression has no loops and its cost is bounded by its size. Should macros
 * ever be enabled, {@link #OPTIONS} already bounds the iterations of a comprehension.
 */
public final class FormulaProgram {

    private static final Set<CelType> NUMERIC = Set.of(SimpleType.DOUBLE, SimpleType.INT, SimpleType.UINT);
    /** Comprehensions (only reachable through macros, which are off) stop after this many iterations. */
    static final int MAX_ITERATIONS = 1_000;
    static final CelOptions OPTIONS = CelOptions.current().comprehensionMaxIterations(MAX_ITERATIONS).build();

    private final CelRuntime.Program program;
    private final Map<String, Attribute> variables;
    private final Attribute target;

    private FormulaProgram(CelRuntime.Program program, Map<String, Attribute> variables, Attribute target) {
        this.program = program;
        this.variables = variables;
        this.target = target;
    }

    /** @throws Rejection VALIDATION_FAILED ({@code params.expression}) when the expression does not compile or type-check */
    public static FormulaProgram compile(String expression, CollectionSchema schema, Attribute target) {
        if (target.type() instanceof LinkType) {
            throw Rejection.validation("params.target", target.name() + " is a LINK attribute: a formula writes values");
        }
        // deliberately no setStandardMacros(..): see the class comment
        CelBuilder builder = CelFactory.standardCelBuilder().setOptions(OPTIONS);
        Map<String, Attribute> variables = new LinkedHashMap<>();
        List<String> personal = new ArrayList<>();
        for (Attribute attribute : schema.attributes()) {
            if (attribute.type() instanceof LinkType) {
                continue;
            }
            // a personal value may flow only into a personal target: elsewhere it would outlive its erasure
            if (attribute.personal() && !target.personal()) {
                personal.add(identifier(attribute.name()));
                continue;
            }
            String name = identifier(attribute.name());
            variables.put(name, attribute);
            builder.addVar(name, celType(attribute));
        }
        Cel cel = builder.build();
        CelValidationResult result = cel.compile(expression);
        if (result.hasError()) {
            for (String name : personal) {
                if (result.getErrorString().contains("'" + name + "'")) {
                    throw Rejection.validation("params.expression", name + " is a personal attribute: only a formula"
                            + " whose target is personal may read it");
                }
            }
            throw Rejection.validation("params.expression", "the expression does not compile: " + result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelType produced = ast.getResultType();
            boolean fits = target.type() instanceof NumberType ? NUMERIC.contains(produced)
                    : target.type() instanceof BooleanType ? produced.equals(SimpleType.BOOL)
                    : produced.equals(SimpleType.STRING);
            if (!fits) {
                throw Rejection.validation("params.expression", "the expression gives " + produced.name()
                        + ", the target " + target.name() + " needs " + celType(target).name());
            }
            return new FormulaProgram(cel.createProgram(ast), Map.copyOf(variables), target);
        } catch (CelValidationException | CelEvaluationException e) {
            throw Rejection.validation("params.expression", "the expression cannot run: " + e.getMessage());
        }
    }

    /** The value for the target, from the entity's values (by attribute name). */
    public ValueInput evaluate(Map<String, Value> values) throws CelEvaluationException {
        Map<String, Object> input = new HashMap<>();
        variables.forEach((name, attribute) -> {
            Value value = values.get(attribute.name());
            // an erased value reads as no value at all
            if (value != null && !(value instanceof ErasedValue)) {
                input.put(name, switch (value) {
                    case NumberValue n -> n.value().doubleValue();
                    case BooleanValue b -> b.value();
                    case TextValue t -> t.value();
                    case SelectValue s -> s.option();
                    case DateValue d -> d.value().toString();
                    case ErasedValue e -> throw new IllegalStateException("unreachable");
                });
            }
        });
        Object result = program.eval(input);
        String name = target.name();
        // an expression over a value the entity lacks evaluates to an "unknown", not to a value of the checked type
        return switch (target.type()) {
            case NumberType n -> switch (result) {
                case Double d when d.isNaN() || d.isInfinite() -> throw new ArithmeticException("the result is " + d);
                case Double d -> new ValueInput(name, new NumberValue(BigDecimal.valueOf(d)));
                case Long l -> new ValueInput(name, new NumberValue(BigDecimal.valueOf(l)));
                default -> throw missing(result);
            };
            case BooleanType b -> result instanceof Boolean value ? new ValueInput(name, new BooleanValue(value))
                    : throwMissing(result);
            case SelectType s -> result instanceof String text ? new ValueInput(name, new SelectValue(text))
                    : throwMissing(result);
            case DateType d -> {
                if (!(result instanceof String text)) {
                    throw missing(result);
                }
                try {
                    yield new ValueInput(name, new DateValue(LocalDate.parse(text)));
                } catch (DateTimeParseException e) {
                    // a personal target's result is never quoted: job errors outlive erasure
                    throw new IllegalArgumentException((target.personal() ? "the result" : "'" + text + "'")
                            + " is not a date (YYYY-MM-DD)");
                }
            }
            default -> result instanceof String text ? new ValueInput(name, new TextValue(text))
                    : throwMissing(result);
        };
    }

    private static IllegalArgumentException missing(Object result) {
        return new IllegalArgumentException("a value the expression reads is missing (" + result.getClass().getSimpleName() + ")");
    }

    private static ValueInput throwMissing(Object result) {
        throw missing(result);
    }

    static String identifier(String name) {
        String id = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(id.charAt(0)) ? "_" + id : id;
    }

    private static CelType celType(Attribute attribute) {
        return switch (attribute.type()) {
            case NumberType n -> SimpleType.DOUBLE;
            case BooleanType b -> SimpleType.BOOL;
            default -> SimpleType.STRING;
        };
    }
}
