package io.decidr.workflows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers custom search attributes on a namespace through the server's operator service, one attribute per
 * request: the Java test server refuses a whole request when any one of its attributes exists.
 *
 * <p>Never throws for what the server answers. An attribute that exists is fine; a server that does not let us
 * register (no operator service, or no permission, as on Temporal Cloud where attributes are managed in its own
 * console) is reported with the command to register it by hand; anything else (server unreachable) is reported
 * too. Each outcome is logged, one line per attribute.
 */
public final class SearchAttributeRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SearchAttributeRegistration.class);
    private static final Set<Status.Code> UNSUPPORTED = Set.of(Status.Code.UNIMPLEMENTED, Status.Code.PERMISSION_DENIED);
    private static final Set<Status.Code> UNREACHABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private SearchAttributeRegistration() {
    }

    /** What the server answered for one attribute. */
    public sealed interface Outcome permits Registered, AlreadyRegistered, Unsupported, Failed {
        String name();
    }

    /** The server accepted it (a real server also answers so when it already had it). */
    public record Registered(String name) implements Outcome {
    }

    public record AlreadyRegistered(String name) implements Outcome {
    }

    /** The server does not let this client register attributes. */
    public record Unsupported(String name, Status.Code code, String description) implements Outcome {
    }

    /** Any other error, e.g. the server is unreachable or the deadline passed. */
    public record Failed(String name, Status.Code code, String description) implements Outcome {
    }

    /**
     * Registers each attribute on the namespace, over the connection (and with the headers, API key and
     * interceptors) of the given stubs.
     *
     * @param timeout deadline of each request; once the server did not answer one (unavailable, deadline passed),
     *                the remaining attributes are reported failed without asking again
     */
    public static List<Outcome> register(WorkflowServiceStubs service, String namespace,
                                         List<SearchAttributeKey<?>> attributes, Duration timeout) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(operatorOptions(service));
        try {
            List<Outcome> outcomes = new ArrayList<>();
            Failed unreachable = null;
            for (SearchAttributeKey<?> attribute : attributes) {
                // a server that did not answer once will not answer the next request either: spare the start-up
                // a deadline per attribute
                Outcome outcome = unreachable == null
                        ? register(operator, namespace, attribute, timeout)
                        : new Failed(attribute.getName(), unreachable.code(), "not tried: the server did not answer "
                                + "for " + unreachable.name());
                if (outcome instanceof Failed failed && UNREACHABLE.contains(failed.code())) {
                    unreachable = unreachable == null ? failed : unreachable;
                }
                log(outcome, namespace, attribute);
                outcomes.add(outcome);
            }
            return outcomes;
        } finally {
            // the channel is the workflow service's and stays open; this only releases the operator stubs
            operator.shutdown();
        }
    }

    /**
     * The attributes as the Temporal CLI takes them, {@code Name=Type} (e.g. {@code TenantId=Keyword}): what
     * {@code temporal server start-dev --search-attribute} registers before the server serves.
     */
    public static List<String> cliDeclarations(List<SearchAttributeKey<?>> attributes) {
        return attributes.stream().map(attribute -> attribute.getName() + "=" + typeName(attribute)).toList();
    }

    private static Outcome register(OperatorServiceStubs operator, String namespace, SearchAttributeKey<?> attribute,
                                    Duration timeout) {
        AddSearchAttributesRequest request = AddSearchAttributesRequest.newBuilder()
                .setNamespace(namespace)
                .putSearchAttributes(attribute.getName(), attribute.getValueType())
                .build();
        try {
            operator.blockingStub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .addSearchAttributes(request);
            return new Registered(attribute.getName());
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            if (status.getCode() == Status.Code.ALREADY_EXISTS) {
                return new AlreadyRegistered(attribute.getName());
            }
            if (UNSUPPORTED.contains(status.getCode())) {
                return new Unsupported(attribute.getName(), status.getCode(), status.getDescription());
            }
            return new Failed(attribute.getName(), status.getCode(), status.getDescription());
        }
    }

    private static OperatorServiceStubsOptions operatorOptions(WorkflowServiceStubs service) {
        WorkflowServiceStubsOptions options = service.getOptions();
        OperatorServiceStubsOptions.Builder builder = OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .setHeaders(options.getHeaders());
        if (options.getGrpcMetadataProviders() != null) {
            builder.setGrpcMetadataProviders(options.getGrpcMetadataProviders());
        }
        if (options.getGrpcClientInterceptors() != null) {
            builder.setGrpcClientInterceptors(options.getGrpcClientInterceptors());
        }
        return builder.validateAndBuildWithDefaults();
    }

    private static void log(Outcome outcome, String namespace, SearchAttributeKey<?> attribute) {
        String byHand = "temporal operator search-attribute create --namespace " + namespace + " --name "
                + attribute.getName() + " --type " + typeName(attribute);
        switch (outcome) {
            case Registered r -> LOG.info("Search attribute {} is registered on namespace {}", r.name(), namespace);
            case AlreadyRegistered r -> LOG.info("Search attribute {} was already registered on namespace {}", r.name(),
                    namespace);
            case Unsupported u -> LOG.warn("The Temporal server does not let us register search attribute {} on "
                    + "namespace {} ({}: {}); workflows that set it fail until it exists. Register it by hand: {}",
                    u.name(), namespace, u.code(), u.description(), byHand);
            case Failed f -> LOG.warn("Could not register search attribute {} on namespace {} ({}: {}); workflows "
                    + "that set it fail until it exists. It is tried again at the next start, or register it by "
                    + "hand: {}", f.name(), namespace, f.code(), f.description(), byHand);
        }
    }

    private static String typeName(SearchAttributeKey<?> attribute) {
        // INDEXED_VALUE_TYPE_KEYWORD -> Keyword, as the CLI spells it
        String type = attribute.getValueType().name().substring("INDEXED_VALUE_TYPE_".length());
        return type.charAt(0) + type.substring(1).toLowerCase(Locale.ROOT).replace("_list", "List");
    }
}
