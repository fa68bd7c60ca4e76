package io.decidr.eventstore.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Sealed values: they open with their key only, as their stand-in once erased, and a damaged one says what is wrong. */
class SealingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode ERASED = JsonNodeFactory.instance.objectNode().put("kind", "erased");

    private final DataKey key = new DataKey(UUID.randomUUID(), new SecretKeySpec(new byte[32], "AES"));

    @Test
    void a_value_opens_with_its_key_and_reads_as_its_stand_in_without_it() throws Exception {
        ObjectNode sealed = sealed("{\"kind\":\"text\",\"value\":\"ada@example.org\"}");
        assertThat(sealed.toString()).doesNotContain("ada@example.org").contains(Sealing.MARK);
        assertThat(Sealing.keyIds(sealed.toString())).containsExactly(key.id());

        assertThat(Sealing.open(sealed.deepCopy(), KeyRing.of(Map.of(key.id(), key)), JSON, () -> null).toString())
                .isEqualTo("{\"value\":{\"kind\":\"text\",\"value\":\"ada@example.org\"}}");
        assertThat(Sealing.open(sealed.deepCopy(), KeyRing.of(Map.of()), JSON, () -> null).get("value"))
                .isEqualTo(ERASED);
        assertThat(Sealing.open(sealed.deepCopy(), KeyRing.UNREADABLE, JSON, () -> Sealing.UNAVAILABLE).get("value"))
                .isEqualTo(Sealing.UNAVAILABLE);
    }

    @Test
    void a_damaged_value_says_what_is_wrong_with_it() throws Exception {
        KeyRing ring = KeyRing.of(Map.of(key.id(), key));
        String text = sealed("\"x\"").get("value").get(Sealing.MARK).asText();
        String ciphertext = text.substring(text.indexOf(':') + 1);
        char flipped = ciphertext.charAt(20) == 'A' ? 'B' : 'A';
        for (Map.Entry<String, String> damaged : Map.of(
                "no key id", "not-a-key:" + ciphertext,
                "not Base64", key.id() + ":***",
                "too short", key.id() + ":AAAA",
                "altered", key.id() + ":" + ciphertext.substring(0, 20) + flipped + ciphertext.substring(21)).entrySet()) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.putObject("value").put(Sealing.MARK, damaged.getValue()).set("erased", ERASED);
            assertThatThrownBy(() -> Sealing.open(node, ring, JSON, () -> null)).as(damaged.getKey())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(damaged.getKey().equals("altered") ? "altered" : "malformed");
        }
    }

    private ObjectNode sealed(String value) throws Exception {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("value", JSON.readTree(value));
        Sealing.seal(root, new Personal(UUID.randomUUID(), List.of(new Personal.Part("/value", ERASED))), key, JSON);
        return root;
    }
}
