package io.decidr.platform.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.decidr.application.handlers.Requester;
import io.decidr.platform.security.Callers;
import org.springframework.core.MethodParameter;
import org.springframework.graphql.data.method.HandlerMethodArgumentResolver;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Hands every controller method that declares a {@link Requester} parameter the caller behind the request: the
 * tenant and roles of its verified token ({@link Callers#requester}), FORBIDDEN when the token lacks them. One place
 * instead of a {@code Callers.requester(principal)} in each method.
 *
 * <p>It also replaces Spring for GraphQL's resolver of a {@code Principal} parameter, which builds an exception with
 * its stack trace on every call whether or not it is needed: about a tenth of the CPU of reading one entity.
 */
@Component
public class RequesterArgument implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Requester.class;
    }

    @Override
    public Mono<Requester> resolveArgument(MethodParameter parameter, DataFetchingEnvironment environment) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .map(Callers::requester)
                .switchIfEmpty(Mono.fromSupplier(() -> Callers.requester(null)));
    }
}
