package io.decidr.eventstore.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import java.util.ArrayList;
import java.util.Comparator;
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

    @Test
    void sealing_the_text_seals_each_part_as_written_and_leaves_the_rest_as_it_was() throws Exception {
        String json = "{\"id\":\"e-1\",\"values\":{\"a/b\":{\"kind\":\"text\",\"value\":\"ada@example.org\"},"
                + "\"n\":{\"kind\":\"number\",\"value\":\"42\"}},\"body\":\"Grüße, \\\"Ada\\\"\","
                + "\"count\":12.50,\"list\":[1,{\"x\":[true,null]}],\"gone\":null,\"flag\":false}";
        List<Personal.Part> parts = List.of(new Personal.Part("/values/a~1b", ERASED),
                new Personal.Part("/body", JsonNodeFactory.instance.nullNode()),
                new Personal.Part("/count", ERASED), new Personal.Part("/list/1/x/0", ERASED),
                new Personal.Part("/flag", ERASED), new Personal.Part("/gone", ERASED),
                new Personal.Part("/absent", ERASED), new Personal.Part("/values/n/value/deeper", ERASED));

        String sealed = Sealing.seal(json, new Personal(UUID.randomUUID(), parts), key, JSON);

        assertThat(sealed).doesNotContain("ada@example.org", "Ada", "12.50").contains("\"gone\":null");
        assertThat(Sealing.keyIds(sealed)).containsExactly(key.id());
        // each part opens to what it was, and everything else is as it was: the tree sealing's result, opened alike
        ObjectNode byTree = (ObjectNode) JSON.readTree(json);
        Sealing.seal(byTree, new Personal(UUID.randomUUID(), parts), key, JSON);
        KeyRing ring = KeyRing.of(Map.of(key.id(), key));
        assertThat(Sealing.open(JSON.readTree(sealed), ring, JSON, () -> null)).isEqualTo(JSON.readTree(json));
        assertThat(Sealing.open(JSON.readTree(sealed), KeyRing.of(Map.of()), JSON, () -> null))
                .isEqualTo(Sealing.open(byTree, KeyRing.of(Map.of()), JSON, () -> null));
        assertThat(Sealing.open(JSON.readTree(sealed), KeyRing.of(Map.of()), JSON, () -> null).get("body").isNull())
                .isTrue();
        // opened in the text alike, whatever order its members come in (PostgreSQL's jsonb puts "erased" first)
        assertThat(JSON.readTree(Sealing.open(sealed, ring, JSON, () -> "0"))).isEqualTo(JSON.readTree(json));
        assertThat(JSON.readTree(Sealing.open(jsonbOrder(sealed), ring, JSON, () -> "0"))).isEqualTo(JSON.readTree(json));
        assertThat(JSON.readTree(Sealing.open(jsonbOrder(sealed), KeyRing.of(Map.of()), JSON, () -> "0")))
                .isEqualTo(Sealing.open(byTree.deepCopy(), KeyRing.of(Map.of()), JSON, () -> null));
        assertThat(JSON.readTree(Sealing.open(sealed, KeyRing.UNREADABLE, JSON, () -> "{\"kind\":\"unavailable\"}"))
                .get("body")).isEqualTo(Sealing.UNAVAILABLE);
        assertThat(Sealing.open(plainWithMark(), ring, JSON, () -> "0")).isEqualTo(plainWithMark());
        // a document without any of the parts is given back as it was
        String plain = "{\"id\":\"e-2\"}";
        assertThat(Sealing.seal(plain, new Personal(UUID.randomUUID(), parts), key, JSON)).isSameAs(plain);
    }

    /** The document as PostgreSQL's jsonb gives it back: each object's members shortest name first. */
    private static String jsonbOrder(String json) throws Exception {
        return JSON.writeValueAsString(sortedMembers(JSON.readTree(json)));
    }

    private static JsonNode sortedMembers(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
            names.forEach(name -> sorted.set(name, sortedMembers(object.get(name))));
            return sorted;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> sorted.add(sortedMembers(element)));
            return sorted;
        }
        return node;
    }

    /** A value that names the mark in its text, not as a member: nothing in it is sealed. */
    private static String plainWithMark() {
        return "{\"value\":{\"kind\":\"text\",\"value\":\"my " + Sealing.MARK + " is mine\"}}";
    }

    private ObjectNode sealed(String value) throws Exception {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("value", JSON.readTree(value));
        Sealing.seal(root, new Personal(UUID.randomUUID(), List.of(new Personal.Part("/value", ERASED))), key, JSON);
        return root;
    }
}
