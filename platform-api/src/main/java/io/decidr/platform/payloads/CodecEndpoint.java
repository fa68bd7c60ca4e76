package io.decidr.platform.payloads;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.decidr.platform.web.HttpErrors;
import io.decidr.workflows.payloads.EncryptedPayloads;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's "codec server" protocol for the UI and CLI: {@code POST /codec/decode} and {@code /codec/encode} take and
 * answer {@code {"payloads": [...]}} (Temporal's Payloads in protobuf's JSON form). Operators and platform admins only
 * (their bearer token; the UI passes the user's access token when told to), from the UI's origins
 * ({@code decidr.temporal.encryption.ui-origins}, CORS). Only where payloads are encrypted: elsewhere the paths are
 * not found.
 */
@RestController
@ConditionalOnProperty(name = "decidr.temporal.encryption.enabled", havingValue = "true", matchIfMissing = true)
public class CodecEndpoint {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final EncryptedPayloads payloads;

    public CodecEndpoint(EncryptedPayloads payloads) {
        this.payloads = payloads;
    }

    @PostMapping(path = "/codec/decode", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> decode(@RequestBody String body) {
        return transform(body, payloads::decode);
    }

    @PostMapping(path = "/codec/encode", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> encode(@RequestBody String body) {
        return transform(body, payloads::encode);
    }

    private static ResponseEntity<String> transform(String body, UnaryOperator<List<Payload>> codec) {
        Payloads.Builder in = Payloads.newBuilder();
        try {
            PARSER.merge(body, in);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return problem(HttpStatus.BAD_REQUEST, HttpErrors.MALFORMED_REQUEST,
                    "the body is not {\"payloads\": [...]} in protobuf's JSON form");
        }
        List<Payload> out;
        try {
            out = codec.apply(in.getPayloadsList());
        } catch (PayloadCodecException e) {
            return problem(HttpStatus.UNPROCESSABLE_ENTITY, HttpErrors.MALFORMED_REQUEST, e.getMessage());
        }
        try {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(PRINTER.print(Payloads.newBuilder().addAllPayloads(out).build()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("payloads always print", e);
        }
    }

    private static ResponseEntity<String> problem(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(HttpErrors.body(code, message));
    }
}
