package io.decidr.platform.graphql;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.platform.config.ProjectorOperations;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.schedule.SchedulesUnavailable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Turns every failure of a data fetcher into a GraphQL error with a stable {@code extensions.code}: a
 * domain rejection keeps its code (and the {@code field} at fault); anything unexpected becomes
 * {@code INTERNAL} with an id to find it in the log, and never a stack trace.
 */
@ControllerAdvice
public class ErrorCodes {

    /** Codes that are not rejections of a command. */
    public static final String INTERNAL = "INTERNAL";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String CONSISTENCY_TIMEOUT = "CONSISTENCY_TIMEOUT";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    /** The tenant started more operations than its rate allows; {@code retryAfterSeconds} says when to try again. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** A cap on what one caller holds open was reached (connections, subscriptions, a subscriber's backlog). */
    public static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";

    private static final Logger log = LoggerFactory.getLogger(ErrorCodes.class);

    @GraphQlExceptionHandler
    GraphQLError rejected(Rejection rejection, DataFetchingEnvironment environment) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", rejection.code().name());
        rejection.field().ifPresent(field -> extensions.put("field", field));
        return error(environment, classification(rejection.code()), rejection.getMessage(), extensions);
    }

    @GraphQlExceptionHandler
    GraphQLError notYetVisible(ReadYourWrites.ConsistencyTimeout timeout, DataFetchingEnvironment environment) {
        return error(environment, Classification.CONFLICT, timeout.getMessage(),
                Map.of("code", CONSISTENCY_TIMEOUT, "committed", true, "version", timeout.version()));
    }

    /** A job recorded but not started: the workflow service did not answer. */
    @GraphQlExceptionHandler
    GraphQLError notStarted(ComputeJobClient.JobNotStarted notStarted, DataFetchingEnvironment environment) {
        log.warn("{}", notStarted.getMessage(), notStarted.getCause());
        return error(environment, Classification.UNAVAILABLE, notStarted.getMessage(),
                Map.of("code", UNAVAILABLE, "jobId", notStarted.job().toString()));
    }

    /** Schedules are out of reach: the Temporal server keeps none (the test server) or did not answer. */
    @GraphQlExceptionHandler
    GraphQLError schedulesUnavailable(SchedulesUnavailable unavailable, DataFetchingEnvironment environment) {
        log.warn("{}", unavailable.getMessage(), unavailable.getCause());
        return error(environment, Classification.UNAVAILABLE, unavailable.getMessage(), Map.of("code", UNAVAILABLE));
    }

    /** No process running the projector answered an operator's request for it. */
    @GraphQlExceptionHandler
    GraphQLError projectorUnanswered(ProjectorOperations.Unanswered unanswered, DataFetchingEnvironment environment) {
        return error(environment, Classification.UNAVAILABLE, unanswered.getMessage(), Map.of("code", UNAVAILABLE));
    }

    /** Webhooks are switched off on this server. */
    @GraphQlExceptionHandler
    GraphQLError webhooksOff(WebhookQueries.WebhooksOff off, DataFetchingEnvironment environment) {
        return error(environment, Classification.UNAVAILABLE, off.getMessage(), Map.of("code", UNAVAILABLE));
    }

    /** Personal values cannot be opened or sealed now (the key store is out of reach, or no master key): nothing lost. */
    @GraphQlExceptionHandler
    GraphQLError personalDataUnavailable(PersonalDataUnavailableException unavailable, DataFetchingEnvironment environment) {
        log.warn("personal data unavailable in {}: {}", environment.getField().getName(), unavailable.toString());
        return error(environment, Classification.UNAVAILABLE, unavailable.getMessage(), Map.of("code", UNAVAILABLE));
    }

    /** The database behind a JDBC call (webhooks) is out of reach: nothing changed, try again. */
    @GraphQlExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    GraphQLError databaseUnreachable(RuntimeException failure, DataFetchingEnvironment environment) {
        log.warn("database out of reach in {}: {}", environment.getField().getName(), failure.toString());
        return error(environment, Classification.UNAVAILABLE, "the database is out of reach; try again",
                Map.of("code", UNAVAILABLE));
    }

    /** A subscriber that fell too far behind was ended. */
    @GraphQlExceptionHandler
    GraphQLError fellBehind(EntitySubscriptions.FellBehind fellBehind, DataFetchingEnvironment environment) {
        return error(environment, Classification.TOO_MANY_REQUESTS, fellBehind.getMessage(),
                Map.of("code", LIMIT_EXCEEDED, "limit", "subscription-backlog", "max", fellBehind.backlog()));
    }

    @GraphQlExceptionHandler
    GraphQLError unexpected(Throwable error, DataFetchingEnvironment environment) {
        String incident = environment.getExecutionId().toString();
        log.error("unexpected failure in {} (incident {})", environment.getField().getName(), incident, error);
        return error(environment, Classification.INTERNAL, "something went wrong on our side (incident " + incident + ")",
                Map.of("code", INTERNAL, "incident", incident));
    }

    private static GraphQLError error(DataFetchingEnvironment environment, ErrorClassification type, String message,
            Map<String, Object> extensions) {
        return GraphQLError.newError()
                .errorType(type)
                .message(message)
                .path(environment.getExecutionStepInfo().getPath())
                .location(environment.getField().getSourceLocation())
                .extensions(extensions)
                .build();
    }

    private static ErrorClassification classification(RejectionCode code) {
        return switch (code) {
            case VALIDATION_FAILED -> Classification.BAD_REQUEST;
            case NOT_FOUND -> Classification.NOT_FOUND;
            case FORBIDDEN -> Classification.FORBIDDEN;
            case ALREADY_EXISTS, TENANT_SUSPENDED, ARCHIVED, VERSION_CONFLICT, INVALID_STATE -> Classification.CONFLICT;
        };
    }

    /** The {@code extensions.classification} values we use besides graphql-java's own. */
    public enum Classification implements ErrorClassification {
        BAD_REQUEST, NOT_FOUND, FORBIDDEN, CONFLICT, INTERNAL, UNAVAILABLE, TOO_MANY_REQUESTS
    }
}
