package io.tributary.metadata.controller.rpc;

import io.tributary.metadata.record.MetadataJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes controller requests and responses as JSON objects with a {@code "type"} name. Unknown
 * fields are ignored, so either side may add fields. Stateless and thread-safe.
 */
public final class ControllerRpcCodec {

    private ControllerRpcCodec() {
    }

    /** Builds the Jackson (de)serializers of a node's first controller calls now rather than on those calls (see {@link MetadataJson#prepare}). */
    public static void prepare() {
        // What every broker sends in its first second, and what its first produce may cause (an
        // auto-created topic, producer ids); the other types are built on first use.
        MetadataJson.prepare(ControllerRequest.class, ControllerResponse.class,
                ControllerRequest.RegisterBroker.class, ControllerResponse.RegisterBroker.class,
                ControllerRequest.BrokerHeartbeat.class, ControllerResponse.BrokerHeartbeat.class,
                ControllerRequest.CreateTopics.class, ControllerResponse.CreateTopics.class,
                ControllerRequest.AllocateProducerIds.class, ControllerResponse.AllocateProducerIds.class);
        // One round trip each way also builds the readers and writers of the two root types.
        decodeRequest(encode(new ControllerRequest.UnregisterBroker(-1)));
        decodeResponse(encode(new ControllerResponse.UnregisterBroker((short) 0, null)));
    }

    public static byte[] encode(ControllerRequest request) {
        return write(request, ControllerRequest.class);
    }

    public static byte[] encode(ControllerResponse response) {
        return write(response, ControllerResponse.class);
    }

    /** @throws IllegalArgumentException when the bytes are not a request this node understands */
    public static ControllerRequest decodeRequest(byte[] bytes) {
        return read(bytes, ControllerRequest.class);
    }

    /** @throws IllegalArgumentException when the bytes are not a response this node understands */
    public static ControllerResponse decodeResponse(byte[] bytes) {
        return read(bytes, ControllerResponse.class);
    }

    private static byte[] write(Object value, Class<?> type) {
        try {
            return MetadataJson.mapper().writerFor(type).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MetadataJson.mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed controller message: " + e.getMessage(), e);
        }
    }
}
