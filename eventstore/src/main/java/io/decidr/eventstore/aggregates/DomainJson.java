package io.decidr.eventstore.aggregates;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.domain.job.JobId;
import io.decidr.domain.tenant.TenantId;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Function;

/**
 * The JSON layout of domain events and states as stored: ids are plain strings, values and attribute types
 * carry a {@code kind}, numbers keep every digit. The domain stays free of Jackson: all of this is said here.
 */
public final class DomainJson {

    private DomainJson() {
    }

    /** A mapper configured for domain types; share one instance, it is thread-safe. */
    public static ObjectMapper mapper() {
        SimpleModule ids = new SimpleModule("decidr-ids");
        uuidId(ids, TenantId.class, TenantId::value, TenantId::new);
        uuidId(ids, CollectionId.class, CollectionId::value, CollectionId::new);
        uuidId(ids, AttributeId.class, AttributeId::value, AttributeId::new);
        uuidId(ids, EntityId.class, EntityId::value, EntityId::new);
        uuidId(ids, CommentId.class, CommentId::value, CommentId::new);
        uuidId(ids, JobId.class, JobId::value, JobId::new);
        textId(ids, UserId.class, UserId::value, UserId::new);
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(ids)
                .addMixIn(Value.class, ValueKinds.class)
                .addMixIn(AttributeType.class, AttributeTypeKinds.class)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // events pass through the tree model (upcasting): it must keep 12.50 as 12.50
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                // newer code may add fields; old readers must not break on them
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = TextValue.class, name = "text"),
        @JsonSubTypes.Type(value = NumberValue.class, name = "number"),
        @JsonSubTypes.Type(value = BooleanValue.class, name = "boolean"),
        @JsonSubTypes.Type(value = DateValue.class, name = "date"),
        @JsonSubTypes.Type(value = SelectValue.class, name = "select"),
        @JsonSubTypes.Type(value = ErasedValue.class, name = "erased"),
    })
    private interface ValueKinds {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = TextType.class, name = "text"),
        @JsonSubTypes.Type(value = NumberType.class, name = "number"),
        @JsonSubTypes.Type(value = BooleanType.class, name = "boolean"),
        @JsonSubTypes.Type(value = DateType.class, name = "date"),
        @JsonSubTypes.Type(value = SelectType.class, name = "select"),
        @JsonSubTypes.Type(value = LinkType.class, name = "link"),
    })
    private interface AttributeTypeKinds {
    }

    private static <T> void uuidId(SimpleModule module, Class<T> type, Function<T, UUID> value, Function<UUID, T> make) {
        textId(module, type, id -> value.apply(id).toString(), text -> make.apply(UUID.fromString(text)));
    }

    private static <T> void textId(SimpleModule module, Class<T> type, Function<T, String> value, Function<String, T> make) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T id, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(value.apply(id));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
                return make.apply(in.getValueAsString());
            }
        });
        module.addKeySerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T id, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeFieldName(value.apply(id));
            }
        });
        module.addKeyDeserializer(type, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext context) {
                return make.apply(key);
            }
        });
    }
}
