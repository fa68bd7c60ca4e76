package io.decidr.workflows.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload codec alone, and a workflow whose history the test server keeps with every payload encrypted. */
class EncryptedPayloadsTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));
    private static final String SECRET = "Ada Lovelace, 12 Analytical Street";

    private final EncryptedPayloads codec = new EncryptedPayloads(new PayloadKeys(Map.of("a", KEY_A), "a"));

    @Test
    void a_payload_round_trips_and_is_stored_without_its_plaintext() {
        Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET).orElseThrow();
        Payload sealed = codec.encode(List.of(plain)).getFirst();

        assertThat(EncryptedPayloads.encrypted(sealed)).isTrue();
        assertThat(sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("a");
        assertThat(sealed.toByteString().toStringUtf8()).doesNotContain("Ada").doesNotContain("json/plain");
        assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
        // a fresh nonce each time
        assertThat(codec.encode(List.of(plain)).getFirst().getData()).isNotEqualTo(sealed.getData());
    }

    @Test
    void a_payload_written_before_encryption_is_read_as_it_is() {
        Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET).orElseThrow();
        assertThat(codec.decode(List.of(plain))).containsExactly(plain);
    }

    @Test
    void rotation_keeps_old_payloads_readable_and_altered_or_unknown_ones_fail() {
        Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET).orElseThrow();
        Payload underA = codec.encode(List.of(plain)).getFirst();
        EncryptedPayloads rotated = new EncryptedPayloads(new PayloadKeys(Map.of("a", KEY_A, "b", KEY_B), "b"));
        Payload underB = rotated.encode(List.of(plain)).getFirst();

        assertThat(underB.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("b");
        assertThat(rotated.decode(List.of(underA, underB))).containsExactly(plain, plain);
        assertThatThrownBy(() -> codec.decode(List.of(underB))).isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("key \"b\"");

        byte[] data = underA.getData().toByteArray();
        data[data.length - 1] ^= 1;
        Payload altered = underA.toBuilder().setData(ByteString.copyFrom(data)).build();
        assertThatThrownBy(() -> codec.decode(List.of(altered))).isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("does not decrypt");
        // the key id is bound in: relabelling a payload under another id fails too
        Payload relabelled = underA.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("b")).build();
        assertThatThrownBy(() -> rotated.decode(List.of(relabelled))).isInstanceOf(PayloadCodecException.class);
    }

    @Test
    void keys_are_checked_when_configured() {
        assertThatThrownBy(() -> new PayloadKeys(Map.of("a", KEY_A), "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"b\"");
        assertThatThrownBy(() -> new PayloadKeys(Map.of("a", "c2hvcnQ="), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AES takes 16, 24 or 32");
        assertThatThrownBy(() -> new PayloadKeys(Map.of("a", "not base64!"), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not Base64");
        assertThat(new PayloadKeys(Map.of("a", KEY_A), "a").toString()).doesNotContain(KEY_A);
    }

    @WorkflowInterface
    public interface Greeting {
        @WorkflowMethod
        String greet(String whom);
    }

    public static class GreetingImpl implements Greeting {
        @Override
        public String greet(String whom) {
            Workflow.sleep(java.time.Duration.ofSeconds(1));
            return "Hello " + whom;
        }
    }

    @Test
    void a_workflows_history_holds_its_input_result_and_memo_encrypted() {
        DataConverter converter = new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(codec), true);
        try (TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions
                .newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
                .build())) {
            Worker worker = environment.newWorker("payloads");
            worker.registerWorkflowImplementationTypes(GreetingImpl.class);
            environment.start();
            WorkflowClient client = environment.getWorkflowClient();
            Greeting greeting = client.newWorkflowStub(Greeting.class, WorkflowOptions.newBuilder()
                    .setTaskQueue("payloads").setWorkflowId("greeting")
                    .setMemo(Map.of("requestedBy", SECRET)).setStaticSummary("for " + SECRET).build());
            assertThat(greeting.greet(SECRET)).isEqualTo("Hello " + SECRET);

            History history = client.fetchHistory("greeting").getHistory();
            String stored = history.toByteString().toString(StandardCharsets.ISO_8859_1);
            assertThat(stored).doesNotContain("Ada Lovelace");
            var started = history.getEvents(0).getWorkflowExecutionStartedEventAttributes();
            assertThat(EncryptedPayloads.encrypted(started.getInput().getPayloads(0))).isTrue();
            assertThat(EncryptedPayloads.encrypted(started.getMemo().getFieldsOrThrow("requestedBy"))).isTrue();
            // read back through the codec
            assertThat(converter.fromPayload(started.getMemo().getFieldsOrThrow("requestedBy"), String.class,
                    String.class)).isEqualTo(SECRET);
        }
    }
}
