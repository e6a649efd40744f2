package io.tributary.metadata.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.controller.rpc.ControllerRpcCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {

    @Test
    @SuppressWarnings("deprecation")
    void prepareLeavesEveryRegisteredTypeReadableAndWritable() {
        MetadataBatchCodec.prepare();
        ControllerRpcCodec.prepare();

        ObjectMapper mapper = MetadataJson.mapper();
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> root : List.of(MetadataRecord.class, Precondition.class, ControllerRequest.class, ControllerResponse.class)) {
            for (JsonSubTypes.Type sub : root.getAnnotation(JsonSubTypes.class).value()) {
                types.add(sub.value());
            }
        }
        assertThat(types).hasSizeGreaterThan(40);
        assertThat(types).allSatisfy(type -> {
            assertThat(mapper.canSerialize(type)).as(type.getSimpleName()).isTrue();
            assertThat(mapper.canDeserialize(mapper.constructType(type))).as(type.getSimpleName()).isTrue();
        });
    }

    @Test
    void codecsStillRoundTripAfterPreparing() {
        MetadataBatchCodec.prepare();
        MetadataBatch batch = MetadataBatch.of(List.of(new Precondition.ControllerTermIs(3)), List.of(new ControllerActivationRecord(3)));

        assertThat(MetadataBatchCodec.decode(MetadataBatchCodec.encode(batch))).isEqualTo(batch);
    }
}
