package io.tributary.metadata.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.apache.kafka.common.Uuid;

/**
 * The one Jackson configuration shared by every metadata format (log entries, snapshots,
 * controller RPCs). Unknown properties are ignored so that a node can read entries written by a
 * newer or older version that added or dropped a field; map entries are sorted so that the same
 * state always encodes to the same bytes. Thread-safe once built.
 */
public final class MetadataJson {

    private static final ObjectMapper MAPPER = build();

    private MetadataJson() {
    }

    /** The shared, fully configured mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Builds and caches the mapper's serializers and deserializers for {@code types}. Jackson builds
     * them on first use, by introspection, which in a fresh JVM costs ~0.4 s over the first few
     * metadata types; a node does this for the types of its first controller calls on a spare thread
     * at start-up, so those calls (on the path to "registered and unfenced") do not. Idempotent and
     * thread-safe.
     */
    @SuppressWarnings("deprecation") // canDeserialize is the public way to build and cache a deserializer ahead of use
    public static void prepare(Class<?>... types) {
        for (Class<?> type : types) {
            MAPPER.canSerialize(type);
            MAPPER.canDeserialize(MAPPER.constructType(type));
        }
    }

    private static ObjectMapper build() {
        SimpleModule uuids = new SimpleModule("tributary-uuid");
        uuids.addSerializer(Uuid.class, new JsonSerializer<>() {
            @Override
            public void serialize(Uuid value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        uuids.addDeserializer(Uuid.class, new JsonDeserializer<>() {
            @Override
            public Uuid deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Uuid.fromString(p.getValueAsString());
            }
        });
        uuids.addKeySerializer(Uuid.class, new JsonSerializer<>() {
            @Override
            public void serialize(Uuid value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeFieldName(value.toString());
            }
        });
        uuids.addKeyDeserializer(Uuid.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                return Uuid.fromString(key);
            }
        });
        return JsonMapper.builder()
                .addModule(uuids)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .build();
    }
}
