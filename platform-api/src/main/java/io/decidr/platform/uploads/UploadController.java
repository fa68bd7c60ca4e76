package io.decidr.platform.uploads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.JobDecider;
import io.decidr.eventstore.upload.Upload;
import io.decidr.eventstore.upload.UploadFormat;
import io.decidr.eventstore.upload.UploadRejected;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.platform.security.Callers;
import io.decidr.platform.web.HttpErrors;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Files for imports, over plain HTTP (a GraphQL request cannot stream hundreds of megabytes):
 * <ul>
 *   <li>{@code POST /uploads?format=csv|jsonl} with the file as the body (any length, chunked or not): 201 with the
 *       upload's id, rows and bytes. The body is stored part by part as it arrives, so its size is bounded by
 *       {@code decidr.uploads.max-size}, not by memory: over it 413 {@code UPLOAD_TOO_LARGE}, over the tenant's share
 *       413 {@code UPLOAD_QUOTA_EXCEEDED}, a file that cannot be cut into rows 400 {@code UPLOAD_MALFORMED}; a refused
 *       or broken-off upload leaves nothing stored.</li>
 *   <li>{@code GET /uploads/{id}}: what is known of it; {@code DELETE /uploads/{id}}: deletes it unless a job claimed it.</li>
 * </ul>
 * Then {@code startComputeJob(kind: IMPORT, params: "{\"upload\": \"<id>\"}")} imports it; the upload is deleted when
 * that job ends. Who may run jobs may upload; uploads are the tenant's, as everything else.
 */
@RestController
@RequestMapping("/uploads")
public class UploadController {

    private final UploadStore store;
    private final ObjectMapper json;

    public UploadController(UploadStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @PostMapping
    public Mono<Void> upload(ServerWebExchange exchange, @RequestParam(name = "format", required = false) String format) {
        ServerHttpResponse response = exchange.getResponse();
        Optional<UploadFormat> named = format != null ? UploadFormat.named(format)
                : formatOf(exchange.getRequest().getHeaders().getContentType());
        if (named.isEmpty()) {
            return HttpErrors.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpErrors.UNSUPPORTED_MEDIA_TYPE,
                    "name the file's format: ?format=csv or ?format=jsonl (or send Content-Type text/csv or"
                            + " application/x-ndjson)");
        }
        long declared = exchange.getRequest().getHeaders().getContentLength();
        Flux<ByteBuffer> body = exchange.getRequest().getBody().map(UploadController::copied);
        return requester(exchange)
                .flatMap(requester -> {
                    JobDecider.requireMayRun(requester.actor());
                    return store.receive(UUID.randomUUID(), requester.tenant().value(), requester.actor().user().value(),
                            named.get(), declared, body);
                })
                .flatMap(upload -> write(response, HttpStatus.CREATED, describe(upload)))
                .onErrorResume(UploadRejected.class, refused -> refuse(response, refused))
                .onErrorResume(Rejection.class, refused -> forbidden(response, refused));
    }

    @GetMapping("/{id}")
    public Mono<Void> find(ServerWebExchange exchange, @PathVariable("id") String id) {
        ServerHttpResponse response = exchange.getResponse();
        Optional<UUID> uuid = uuid(id);
        if (uuid.isEmpty()) {
            return notFound(response, id);
        }
        return requester(exchange)
                .flatMap(requester -> store.find(requester.tenant().value(), uuid.get()))
                .flatMap(upload -> write(response, HttpStatus.OK, describe(upload)))
                .switchIfEmpty(Mono.defer(() -> notFound(response, id)))
                .onErrorResume(Rejection.class, refused -> forbidden(response, refused));
    }

    @DeleteMapping("/{id}")
    public Mono<Void> delete(ServerWebExchange exchange, @PathVariable("id") String id) {
        ServerHttpResponse response = exchange.getResponse();
        Optional<UUID> uuid = uuid(id);
        if (uuid.isEmpty()) {
            return notFound(response, id);
        }
        return requester(exchange)
                .flatMap(requester -> {
                    JobDecider.requireMayRun(requester.actor());
                    UUID tenant = requester.tenant().value();
                    return store.find(tenant, uuid.get())
                            .flatMap(upload -> upload.job() != null
                                    ? HttpErrors.write(response, HttpStatus.CONFLICT, "UPLOAD_IN_USE",
                                            "job " + upload.job() + " imports this upload; it is deleted when that job ends")
                                    : store.deleteUnclaimed(tenant, upload.id()).then(Mono.fromRunnable(
                                            () -> response.setStatusCode(HttpStatus.NO_CONTENT))).then(response.setComplete()))
                            .switchIfEmpty(Mono.defer(() -> notFound(response, id)));
                })
                .onErrorResume(Rejection.class, refused -> forbidden(response, refused));
    }

    private static Mono<Requester> requester(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Callers::requester)
                .switchIfEmpty(Mono.error(() -> Rejection.forbidden("a bearer token is required")));
    }

    /** The body's bytes, copied out of the server's pooled buffer (which is released at once). */
    private static ByteBuffer copied(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return ByteBuffer.wrap(bytes);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static Optional<UploadFormat> formatOf(MediaType type) {
        if (type == null) {
            return Optional.empty();
        }
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        return switch (subtype) {
            case "csv" -> Optional.of(UploadFormat.CSV);
            case "x-ndjson", "ndjson", "jsonl", "x-jsonlines", "jsonlines" -> Optional.of(UploadFormat.JSONL);
            default -> Optional.empty();
        };
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> describe(Upload upload) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", upload.id().toString());
        out.put("format", upload.format().name());
        out.put("complete", upload.complete());
        out.put("rows", upload.rows());
        out.put("bytes", upload.bytes());
        out.put("parts", upload.parts());
        out.put("header", upload.header());
        out.put("job", upload.job() == null ? null : upload.job().toString());
        out.put("createdAt", upload.createdAt().toString());
        out.put("expiresAt", upload.expiresAt().toString());
        return out;
    }

    private Mono<Void> write(ServerHttpResponse response, HttpStatus status, Map<String, Object> body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            return Mono.error(impossible);
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private Mono<Void> refuse(ServerHttpResponse response, UploadRejected refused) {
        HttpStatus status = switch (refused.reason()) {
            case TOO_LARGE, QUOTA_EXCEEDED -> HttpStatus.PAYLOAD_TOO_LARGE;
            case MALFORMED -> HttpStatus.BAD_REQUEST;
        };
        Map<String, Object> extensions = refused.reason() == UploadRejected.Reason.TOO_LARGE
                ? Map.of("limit", store.limits().maxBytes()) : Map.of();
        return HttpErrors.write(response, status, refused.reason().code(), refused.getMessage(), extensions);
    }

    private static Mono<Void> forbidden(ServerHttpResponse response, Rejection refused) {
        return HttpErrors.write(response, HttpStatus.FORBIDDEN, HttpErrors.FORBIDDEN, refused.getMessage());
    }

    private static Mono<Void> notFound(ServerHttpResponse response, String id) {
        return HttpErrors.write(response, HttpStatus.NOT_FOUND, HttpErrors.NOT_FOUND, "no upload " + id);
    }
}
