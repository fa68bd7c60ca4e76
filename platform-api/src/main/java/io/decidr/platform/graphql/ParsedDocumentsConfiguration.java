package io.decidr.platform.graphql;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** GraphQL runs documents it has parsed and validated before from {@link ParsedDocuments}. */
@Configuration(proxyBeanMethods = false)
public class ParsedDocumentsConfiguration {

    @Bean
    GraphQlSourceBuilderCustomizer parsedDocuments(@Value("${decidr.graphql.parsed-documents:1000}") int capacity) {
        ParsedDocuments documents = new ParsedDocuments(capacity);
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(documents));
    }
}
