package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParsedDocumentsTest {

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(
            new SchemaParser().parse("type Query { echo(text: String): String }"),
            RuntimeWiring.newRuntimeWiring()
                    .type("Query", type -> type.dataFetcher("echo", environment -> environment.getArgument("text")))
                    .build());

    private final AtomicInteger parsed = new AtomicInteger();

    @Test
    void a_document_is_parsed_once_and_each_request_still_runs_with_its_own_variables() {
        ParsedDocuments documents = new ParsedDocuments(10);
        GraphQL graphQl = GraphQL.newGraphQL(SCHEMA).preparsedDocumentProvider(counting(documents)).build();
        String query = "query($t: String) { echo(text: $t) }";

        ExecutionResult first = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(Map.of("t", "one")));
        ExecutionResult second = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(Map.of("t", "two")));

        assertThat(first.<Map<String, Object>>getData()).containsEntry("echo", "one");
        assertThat(second.<Map<String, Object>>getData()).containsEntry("echo", "two");
        assertThat(parsed).hasValue(1);
        assertThat(documents.size()).isEqualTo(1);
    }

    @Test
    void a_document_that_does_not_validate_is_refused_every_time_and_never_kept() {
        ParsedDocuments documents = new ParsedDocuments(10);
        GraphQL graphQl = GraphQL.newGraphQL(SCHEMA).preparsedDocumentProvider(counting(documents)).build();

        for (int i = 0; i < 2; i++) {
            assertThat(graphQl.execute("{ nothing }").getErrors()).isNotEmpty();
        }

        assertThat(parsed).hasValue(2);
        assertThat(documents.size()).isZero();
    }

    @Test
    void past_its_capacity_it_starts_over_instead_of_growing() {
        ParsedDocuments documents = new ParsedDocuments(3);
        Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> new PreparsedDocumentEntry(
                Parser.parse(input.getQuery()));

        for (int i = 0; i < 10; i++) {
            documents.getDocumentAsync(ExecutionInput.newExecutionInput("{ echo(text: \"" + i + "\") }").build(), parse).join();
            assertThat(documents.size()).isBetween(1, 3);
        }
    }

    /** The same cache, counting how often GraphQL had to parse and validate a document itself. */
    private graphql.execution.preparsed.PreparsedDocumentProvider counting(ParsedDocuments documents) {
        return (input, parseAndValidate) -> documents.getDocumentAsync(input, in -> {
            parsed.incrementAndGet();
            return parseAndValidate.apply(in);
        });
    }
}
