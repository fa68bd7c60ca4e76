package io.decidr.platform.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.job.JobId;
import io.decidr.domain.tenant.TenantId;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.core.MethodParameter;
import org.springframework.graphql.data.method.HandlerMethodArgumentResolver;
import org.springframework.stereotype.Component;

/**
 * Hands a controller method's id parameter ({@code EntityId entityId}, {@code CollectionId collectionId}, ...) the
 * GraphQL argument of the parameter's name, parsed: a malformed id is VALIDATION_FAILED naming the argument, before the
 * method runs. One place instead of an {@code EntityId.parse(entityId, "entityId")} in each method.
 */
@Component
public class IdArguments implements HandlerMethodArgumentResolver {

    private static final Map<Class<?>, BiFunction<String, String, ?>> PARSERS = Map.of(
            EntityId.class, EntityId::parse,
            CollectionId.class, CollectionId::parse,
            CommentId.class, CommentId::parse,
            JobId.class, JobId::parse,
            TenantId.class, TenantId::parse);

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return PARSERS.containsKey(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, DataFetchingEnvironment environment) {
        String name = parameter.getParameterName();
        Object given = environment.getArgument(name);
        if (given == null) {
            // an optional id left out; a required one never gets here (the schema refuses the request first)
            return null;
        }
        return PARSERS.get(parameter.getParameterType()).apply(given.toString(), name);
    }
}
