package io.decidr.platform.tracing;

import io.micrometer.context.ThreadLocalAccessor;
import java.util.UUID;
import org.slf4j.MDC;
import reactor.util.context.Context;

/**
 * What a log line written while a command is handled says about it, in the logging context (MDC): {@code tenantId},
 * {@code correlationId}, {@code commandId}, and the command's span ({@code traceId}, {@code spanId}), which JSON logs
 * show as fields. Held in the Reactor context and restored on whatever thread handles the command next (automatic
 * context propagation, on while tracing or JSON logs are).
 */
final class LogContext implements ThreadLocalAccessor<LogContext.Fields> {

    static final String KEY = "decidr.log-context";

    /** One command's fields; trace and span may be null (tracing off). */
    record Fields(UUID tenantId, UUID correlationId, UUID commandId, String traceId, String spanId) {
    }

    private static final ThreadLocal<Fields> CURRENT = new ThreadLocal<>();
    /** Whether the trace in the MDC is the one this put there (so only that is removed again). */
    private static final ThreadLocal<Boolean> OWNS_TRACE = new ThreadLocal<>();

    /** Writes the fields into the context of what handles the command. */
    static Context put(Context context, Fields fields) {
        return context.put(KEY, fields);
    }

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public Fields getValue() {
        return CURRENT.get();
    }

    @Override
    public void setValue(Fields fields) {
        CURRENT.set(fields);
        MDC.put("tenantId", fields.tenantId().toString());
        MDC.put("correlationId", fields.correlationId().toString());
        MDC.put("commandId", fields.commandId().toString());
        // the request's span may have put its trace there already (the same trace: the command's span is its child)
        boolean own = fields.traceId() != null && MDC.get("traceId") == null;
        OWNS_TRACE.set(own);
        if (own) {
            MDC.put("traceId", fields.traceId());
            MDC.put("spanId", fields.spanId());
        }
    }

    @Override
    public void setValue() {
        CURRENT.remove();
        MDC.remove("tenantId");
        MDC.remove("correlationId");
        MDC.remove("commandId");
        if (Boolean.TRUE.equals(OWNS_TRACE.get())) {
            MDC.remove("traceId");
            MDC.remove("spanId");
        }
        OWNS_TRACE.remove();
    }
}
