package io.decidr.platform.graphql;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.decidr.domain.decider.Rejection;
import java.util.List;
import java.util.Map;

/**
 * Refuses arguments holding the NUL character (U+0000), however sent (a variable, or a {@code \u0000} escape in the
 * document): VALIDATION_FAILED naming the argument, before the field runs. PostgreSQL's jsonb, where events and
 * their metadata are stored, cannot hold it, so such a value would otherwise fail its command's append (atomically,
 * but as an INTERNAL error); no legitimate text needs it.
 */
final class NulCharacters extends SimplePerformantInstrumentation {

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
            InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        if (parameters.getEnvironment().getFieldDefinition().getArguments().isEmpty()) {
            return dataFetcher;
        }
        return environment -> {
            for (Map.Entry<String, Object> argument : environment.getArguments().entrySet()) {
                String at = find(argument.getValue(), argument.getKey());
                if (at != null) {
                    throw Rejection.validation(at, "must not contain the NUL character (U+0000)");
                }
            }
            return dataFetcher.get(environment);
        };
    }

    /** The path of the first string holding NUL within {@code value}, or null. */
    private static String find(Object value, String path) {
        return switch (value) {
            case String text -> text.indexOf('\u0000') >= 0 ? path : null;
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String found = find(entry.getValue(), path + "." + entry.getKey());
                    if (found != null) {
                        yield found;
                    }
                }
                yield null;
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    String found = find(list.get(i), path + "[" + i + "]");
                    if (found != null) {
                        yield found;
                    }
                }
                yield null;
            }
            case null, default -> null;
        };
    }
}
