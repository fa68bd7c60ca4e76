package io.decidr.platform.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Documents parsed and validated once, then reused by every request that sends the same text: clients send the same
 * few documents over and over, with different variables, and parsing plus validating one cost about as much CPU as
 * running it. Only documents that validated are kept (a refused one is refused afresh each time). Variables are not
 * part of a document, so limits that depend on them ({@link QueryCost}) still run per request.
 *
 * <p>At most {@code capacity} documents are kept; past that the cache starts over, so a client sending ever new
 * documents costs what it cost without the cache and memory stays bounded (documents are at most
 * {@code decidr.graphql.max-document-chars} long).
 */
public final class ParsedDocuments implements PreparsedDocumentProvider {

    private final int capacity;
    private final ConcurrentHashMap<String, PreparsedDocumentEntry> documents = new ConcurrentHashMap<>();

    public ParsedDocuments(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the document cache holds at least one document, not " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String text = input.getQuery();
        PreparsedDocumentEntry known = documents.get(text);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        PreparsedDocumentEntry parsed = parseAndValidate.apply(input);
        if (!parsed.hasErrors()) {
            if (documents.size() >= capacity) {
                documents.clear();
            }
            documents.put(text, parsed);
        }
        return CompletableFuture.completedFuture(parsed);
    }

    /** Documents held now. */
    int size() {
        return documents.size();
    }
}
