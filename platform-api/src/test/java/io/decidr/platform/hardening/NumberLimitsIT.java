package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Numbers an attribute cannot hold are refused as they arrive, naming the field, before anything turns them into text:
 * {@code 1e100000000} printed in plain notation is a 100-million-character string, which before the fix held an event
 * loop for minutes (these requests then ran into the client's 30 s timeout).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberLimitsIT extends PlatformTest {

    private static final String CREATE_LITERAL = "mutation($c: ID!) { createEntity(collectionId: $c, values: ["
            + "{attribute: \"Name\", text: \"x\"}, {attribute: \"Amount\", number: %s}]) { id } }";

    Fixture fixture;

    @BeforeAll
    void tenant() {
        fixture = Fixture.create(port, "Numbers");
    }

    @Test
    void a_huge_exponent_in_a_literal_is_refused_naming_the_argument() {
        for (String literal : new String[] {"1e100000000", "-1E+100000000", "1e-100000000", "\"1e100000000\""}) {
            RawHttp.Reply reply = fixture.http().graphql(fixture.member(), CREATE_LITERAL.formatted(literal),
                    Map.of("c", fixture.collection()));
            assertThat(reply.status()).as(literal).isEqualTo(200);
            assertThat(reply.code()).as(literal).isEqualTo("VALIDATION_FAILED");
            assertThat((String) reply.extensions().get("field")).as(literal).contains("number");
            assertThat(reply.body()).as(literal).contains("at most 38 digits").doesNotContain("Exception");
        }
    }

    @Test
    void a_huge_exponent_in_a_variable_is_refused_naming_the_variable() {
        String document = "mutation($c: ID!, $n: Decimal) { createEntity(collectionId: $c, values: ["
                + "{attribute: \"Name\", text: \"x\"}, {attribute: \"Amount\", number: $n}]) { id } }";
        for (Object number : new Object[] {"1e100000000", "0." + "0".repeat(30) + "1", "1".repeat(39)}) {
            RawHttp.Reply reply = fixture.http().graphql(fixture.member(), document,
                    Map.of("c", fixture.collection(), "n", number));
            assertThat(reply.code()).as("%s", number).isEqualTo("VALIDATION_FAILED");
            assertThat(reply.extensions().get("field")).as("%s", number).isEqualTo("n");
        }
    }

    @Test
    void filters_take_the_same_check() {
        for (String number : new String[] {"1e100000000", "\"1e100000000\"", "\"-9e-99999999\""}) {
            RawHttp.Reply reply = fixture.http().graphql(fixture.member(), "query($c: ID!) { entities(collectionId: $c,"
                    + " filter: [{attribute: \"Amount\", number: " + number + "}]) { edges { node { id } } } }",
                    Map.of("c", fixture.collection()));
            assertThat(reply.code()).as(number).isEqualTo("VALIDATION_FAILED");
            assertThat((String) reply.extensions().get("field")).as(number).contains("number");
        }
        RawHttp.Reply variable = fixture.http().graphql(fixture.member(), "query($c: ID!, $n: Decimal) { entities("
                + "collectionId: $c, filter: [{attribute: \"Amount\", number: $n}]) { edges { node { id } } } }",
                Map.of("c", fixture.collection(), "n", "1e100000000"));
        assertThat(variable.code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void json_parameters_take_the_same_check() {
        RawHttp.Reply reply = fixture.http().graphql(fixture.member(), "mutation($c: ID!) { startComputeJob(kind: IMPORT,"
                + " collectionId: $c, params: 1e100000000) }", Map.of("c", fixture.collection()));
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
        assertThat((String) reply.extensions().get("field")).contains("params");
    }

    @Test
    void numbers_at_the_limits_are_kept_exactly() {
        String widest = "12345678901234567890.123456789012345678";   // 38 digits, 18 after the point
        for (String literal : new String[] {widest, "\"-" + widest + "\"", "12E+36", "0.000000000000000001"}) {
            RawHttp.Reply reply = fixture.http().graphql(fixture.member(), CREATE_LITERAL.formatted(literal)
                    .replace("{ id }", "{ id version }"), Map.of("c", fixture.collection()));
            assertThat(Fixture.data(reply, "createEntity", "version")).as(literal).isEqualTo(1);
        }
    }
}
