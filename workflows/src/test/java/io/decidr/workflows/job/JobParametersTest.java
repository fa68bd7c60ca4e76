package io.decidr.workflows.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.domain.job.JobKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobParametersTest {

    private static final CollectionSchema SCHEMA = new CollectionSchema(new CollectionId(UUID.randomUUID()), false, List.of(
            attribute("Name", new TextType(100), true),
            attribute("Unit price", new NumberType(), false),
            attribute("Qty", new NumberType(), false),
            attribute("Total", new NumberType(), false),
            attribute("Label", new TextType(100), false),
            attribute("Active", new BooleanType(), false),
            attribute("Since", new DateType(), false),
            attribute("Owner", new LinkType(new CollectionId(UUID.randomUUID()), "Owned"), false)));

    private static Attribute attribute(String name, io.decidr.domain.collection.AttributeType type, boolean required) {
        return new Attribute(new AttributeId(UUID.randomUUID()), name, type, required);
    }

    private static JobParameters parse(JobKind kind, String json) {
        return JobParameters.parse(kind, json, SCHEMA);
    }

    private static String field(Runnable failing) {
        try {
            failing.run();
        } catch (Rejection rejection) {
            return rejection.field().orElse(null);
        }
        throw new AssertionError("not refused");
    }

    @Test
    void csv_rows_keep_their_line_and_bad_cells_fail_only_their_row() {
        var params = (JobParameters.Import) parse(JobKind.IMPORT, """
                {"format": "CSV", "data": "Name,Qty,Active,Since\\n\\"Acme, Inc.\\",3,yes,2026-01-02\\nBad,three,no,\\n\\"Quote \\"\\"q\\"\\"\\",,,\\n", "onError": "SKIP"}""");
        assertThat(params.skipBadRows()).isTrue();
        List<ImportRows.Row> rows = ((ImportRows) params.source()).rows();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).error()).isNull();
        assertThat(rows.get(0).values()).containsExactly(
                new ValueInput("Name", new TextValue("Acme, Inc.")),
                new ValueInput("Qty", new NumberValue(new BigDecimal("3"))),
                new ValueInput("Active", new BooleanValue(true)),
                new ValueInput("Since", new DateValue(LocalDate.of(2026, 1, 2))));
        assertThat(rows.get(1).error()).isEqualTo("line 3, Qty: 'three' is not a number");
        assertThat(rows.get(2).values()).containsExactly(new ValueInput("Name", new TextValue("Quote \"q\"")));
    }

    @Test
    void json_rows_and_the_refusals_that_stop_a_job_before_it_starts() {
        var params = (JobParameters.Import) parse(JobKind.IMPORT, "{\"data\": \"[{\\\"Name\\\": \\\"A\\\", \\\"Qty\\\": 2}]\"}");
        assertThat(((ImportRows) params.source()).rows().getFirst().values()).hasSize(2);
        assertThat(params.skipBadRows()).isFalse();
        assertThat(field(() -> parse(JobKind.IMPORT, "{\"format\": \"CSV\", \"data\": \"Colour\\nred\"}"))).isEqualTo("params.data");
        assertThat(field(() -> parse(JobKind.IMPORT, "{\"format\": \"CSV\", \"data\": \"Owner\\nx\"}"))).isEqualTo("params.data");
        assertThat(field(() -> parse(JobKind.IMPORT, "{\"format\": \"XML\", \"data\": \"\"}"))).isEqualTo("params.format");
        assertThat(field(() -> parse(JobKind.IMPORT, "{\"data\": \"x\", \"onError\": \"MAYBE\"}"))).isEqualTo("params.onError");
        assertThat(field(() -> parse(JobKind.IMPORT, "not json"))).isEqualTo("params");
    }

    @Test
    void a_formula_is_type_checked_against_the_schema_and_its_target() {
        var formula = (JobParameters.Formula) parse(JobKind.FORMULA, "{\"expression\": \"Unit_price * Qty\", \"target\": \"Total\"}");
        assertThat(formula.target().name()).isEqualTo("Total");
        assertThat(field(() -> parse(JobKind.FORMULA, "{\"expression\": \"Name * 2\", \"target\": \"Total\"}")))
                .isEqualTo("params.expression");
        assertThat(field(() -> parse(JobKind.FORMULA, "{\"expression\": \"Name + '!'\", \"target\": \"Total\"}")))
                .isEqualTo("params.expression");
        assertThat(field(() -> parse(JobKind.FORMULA, "{\"expression\": \"Qty\", \"target\": \"Owner\"}")))
                .isEqualTo("params.target");
        assertThat(field(() -> parse(JobKind.FORMULA, "{\"expression\": \"Qty\", \"target\": \"Nope\"}")))
                .isEqualTo("params.target");
        assertThat(field(() -> parse(JobKind.FORMULA, "{\"expression\": \"Qty +\", \"target\": \"Total\"}")))
                .isEqualTo("params.expression");
    }

    @Test
    void a_formula_computes_from_the_values_and_refuses_to_write_when_one_it_reads_is_missing() throws Exception {
        var total = (JobParameters.Formula) parse(JobKind.FORMULA, "{\"expression\": \"Unit_price * Qty\", \"target\": \"Total\"}");
        Map<String, Value> values = Map.of("Unit price", new NumberValue(new BigDecimal("2.5")), "Qty", new NumberValue(new BigDecimal("4")));
        assertThat(((NumberValue) total.program().evaluate(values).value()).value()).isEqualByComparingTo("10");
        assertThatThrownBy(() -> total.program().evaluate(Map.of("Qty", new NumberValue(BigDecimal.ONE))))
                .hasMessageContaining("missing");

        var label = (JobParameters.Formula) parse(JobKind.FORMULA, "{\"expression\": \"Name + '!'\", \"target\": \"Label\"}");
        assertThat(label.program().evaluate(Map.of("Name", new TextValue("Acme"))).value()).isEqualTo(new TextValue("Acme!"));
        assertThatThrownBy(() -> label.program().evaluate(Map.of())).hasMessageContaining("missing");
    }

    @Test
    void a_rollup_needs_a_link_and_a_numeric_target() {
        var rollup = (JobParameters.Rollup) parse(JobKind.ROLLUP,
                "{\"function\": \"sum\", \"link\": \"Owner\", \"attribute\": \"Qty\", \"target\": \"Total\"}");
        assertThat(rollup.function()).isEqualTo(io.decidr.domain.job.RollupFunction.SUM);
        assertThat(field(() -> parse(JobKind.ROLLUP, "{\"function\": \"SUM\", \"link\": \"Name\", \"attribute\": \"Qty\", \"target\": \"Total\"}")))
                .isEqualTo("params.link");
        assertThat(field(() -> parse(JobKind.ROLLUP, "{\"function\": \"MEDIAN\", \"link\": \"Owner\", \"target\": \"Total\"}")))
                .isEqualTo("params.function");
        assertThat(field(() -> parse(JobKind.ROLLUP, "{\"function\": \"COUNT\", \"link\": \"Owner\", \"target\": \"Label\"}")))
                .isEqualTo("params.target");
        assertThat(field(() -> parse(JobKind.ROLLUP, "{\"function\": \"AVG\", \"link\": \"Owner\", \"target\": \"Total\"}")))
                .isEqualTo("params.attribute");
    }
}
