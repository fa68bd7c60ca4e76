package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.introspection.IntrospectionQuery;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fragments are counted and their spreads measured before graphql-java validates a document, whose NoFragmentCycles
 * rule costs about n³ on a chain of n fragments. No timers: a refused document must never reach validation, which a
 * sentinel behind {@link FragmentLimits} counts (and stops, so that a document that slips through fails fast instead
 * of validating for minutes).
 */
class FragmentLimitsTest {

    private static final GraphQLSchema SCHEMA = schema();
    private static final FragmentLimits.Limits LIMITS = new FragmentLimits.Limits(100, 12, 10_000);

    /** How often validation started: behind the limits, so it only counts documents they let through. */
    private final AtomicInteger validations = new AtomicInteger();

    @Test
    void the_abuse_documents_chain_of_hundreds_of_fragments_is_refused_before_validation() {
        // as ApiAbuseIT's DocumentAbuse builds it: 18 KB, 492 fragments, the last one undefined
        StringBuilder document = new StringBuilder("{ me { ...f0 } } ");
        for (int i = 0; document.length() < 18_000; i++) {
            document.append("fragment f").append(i).append(" on Me { user ...f").append(i + 1).append(" } ");
        }

        GraphQLError error = refused(graphQl(true), document.toString(), ParserOptions.getDefaultOperationParserOptions());

        assertThat(error.getExtensions()).containsEntry("code", "VALIDATION_FAILED").containsEntry("field", "query")
                .containsEntry("fragments", 492).containsEntry("maxFragments", 100);
        assertThat(error.getMessage()).isEqualTo("the document defines 492 fragments; at most 100 are allowed");
        assertThat(validations).hasValue(0);
    }

    @Test
    void a_chain_of_2000_fragments_is_answered_with_the_same_refusal() {
        // 2,000 fragments take 18,000 tokens: over the parser's default 15,000, so the parser is told to take them
        String document = chain(2_000);
        ParserOptions roomy = ParserOptions.getDefaultOperationParserOptions().transform(options -> options.maxTokens(100_000));

        GraphQLError error = refused(graphQl(true), document, roomy);

        assertThat(error.getExtensions()).containsEntry("code", "VALIDATION_FAILED").containsEntry("fragments", 2_000)
                .containsEntry("maxFragments", 100);
        assertThat(validations).hasValue(0);
    }

    @Test
    void fragments_spreading_one_another_deeper_than_the_limit_are_refused_before_validation() {
        GraphQLError error = refused(graphQl(true), chain(13) + "fragment f13 on Me { user }",
                ParserOptions.getDefaultOperationParserOptions());

        assertThat(error.getExtensions()).containsEntry("code", "VALIDATION_FAILED").containsEntry("field", "query")
                .containsEntry("fragmentDepth", 14).containsEntry("maxFragmentDepth", 12);
        assertThat(validations).hasValue(0);
    }

    @Test
    void a_cycle_of_fragments_is_refused_before_validation_naming_it() {
        GraphQLError error = refused(graphQl(true), "{ me { ...a } } fragment a on Me { user ... on Me { ...b } }"
                + " fragment b on Me { roles ...c } fragment c on Me { tenantId ...a }",
                ParserOptions.getDefaultOperationParserOptions());

        assertThat(error.getExtensions()).containsEntry("code", "VALIDATION_FAILED").containsEntry("fragment", "a");
        assertThat(error.getMessage()).contains("a → b → c → a");
        assertThat(validations).hasValue(0);

        GraphQLError itself = refused(graphQl(true), "{ me { ...f } } fragment f on Me { user ...f }",
                ParserOptions.getDefaultOperationParserOptions());
        assertThat(itself.getMessage()).contains("f → f");
    }

    @Test
    void documents_within_the_limits_are_validated_as_before() {
        GraphQL graphQl = graphQl(false);

        // 12 deep, the last one undefined: graphql-java's own refusal
        ExecutionResult undefined = graphQl.execute(chain(12));
        assertThat(undefined.getErrors()).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("Undefined fragment 'f12'"));
        // 96 fragments, 8 layers of 12, each spreading 2 of the next layer: 8 deep, 6,121 selections inlined
        ExecutionResult wide = graphQl.execute(layers(8, 12, 2));
        // it validates and runs (this schema has no data fetchers: Me! is null, which is an error of execution)
        assertThat(wide.getErrors()).isNotEmpty().noneMatch(e -> e.getErrorType() == ErrorType.ValidationError);
        // the introspection query of GraphiQL and code generators: 3 fragments, 3 deep
        assertThat(graphQl.execute(IntrospectionQuery.INTROSPECTION_QUERY).getErrors()).isEmpty();
        assertThat(validations).hasValue(3);
    }

    @Test
    void fragments_spreading_each_other_over_and_over_are_refused_before_validation() {
        // 10 layers of 10 fragments, each spreading the whole next layer: 10 KB that inline to 10^10 selections (the
        // normalized operation behind max-fields and max-cost expands every path: it ran out of memory)
        GraphQLError error = refused(graphQl(true), layers(10, 10, 10), ParserOptions.getDefaultOperationParserOptions());

        assertThat(error.getExtensions()).containsEntry("code", "VALIDATION_FAILED").containsEntry("field", "query")
                .containsEntry("maxInlinedSelections", 10_000);
        assertThat(validations).hasValue(0);
    }

    /**
     * {@code layers} layers of {@code width} fragments on Me, each selecting user and spreading {@code fanOut}
     * fragments of the next layer (fragment f those from f on, every one spread); the operation spreads the first layer.
     */
    private static String layers(int layers, int width, int fanOut) {
        StringBuilder document = new StringBuilder("{ me { ");
        for (int f = 0; f < width; f++) {
            document.append("...l0f").append(f).append(' ');
        }
        document.append("} } ");
        for (int layer = 0; layer < layers; layer++) {
            for (int f = 0; f < width; f++) {
                document.append("fragment l").append(layer).append('f').append(f).append(" on Me { user ");
                for (int next = 0; layer < layers - 1 && next < fanOut; next++) {
                    document.append("...l").append(layer + 1).append('f').append((f + next) % width).append(' ');
                }
                document.append("} ");
            }
        }
        return document.toString();
    }

    /** A chain of n fragments: f0 spreads f1, ... f(n-1) spreads f(n), which is not defined. */
    private static String chain(int n) {
        StringBuilder document = new StringBuilder("{ me { ...f0 } } ");
        for (int i = 0; i < n; i++) {
            document.append("fragment f").append(i).append(" on Me { user ...f").append(i + 1).append(" } ");
        }
        return document.toString();
    }

    private static GraphQLError refused(GraphQL graphQl, String document, ParserOptions parserOptions) {
        ExecutionResult result = graphQl.execute(ExecutionInput.newExecutionInput(document)
                .graphQLContext(Map.of(ParserOptions.class, parserOptions)).build());
        assertThat(result.getErrors()).hasSize(1);
        assertThat(result.<Object>getData()).isNull();
        return result.getErrors().getFirst();
    }

    /** The platform's limits and document cache, and behind them the sentinel ({@code stop}: it refuses too). */
    private GraphQL graphQl(boolean stop) {
        SimplePerformantInstrumentation sentinel = new SimplePerformantInstrumentation() {
            @Override
            public InstrumentationContext<List<ValidationError>> beginValidation(
                    InstrumentationValidationParameters parameters, InstrumentationState state) {
                validations.incrementAndGet();
                if (stop) {
                    throw new AbortExecutionException("the document reached validation");
                }
                return SimpleInstrumentationContext.noOp();
            }
        };
        return GraphQL.newGraphQL(SCHEMA)
                .instrumentation(new ChainedInstrumentation(List.of(new FragmentLimits(LIMITS), sentinel,
                        new QueryCost(new QueryCost.Limits(12, 10_000, 30, 2_000)))))
                .preparsedDocumentProvider(new ParsedDocuments(10))
                .build();
    }

    private static GraphQLSchema schema() {
        try (InputStream sdl = FragmentLimitsTest.class.getResourceAsStream("/graphql/schema.graphqls")) {
            return UnExecutableSchemaGenerator.makeUnExecutableSchema(
                    new SchemaParser().parse(new String(sdl.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
