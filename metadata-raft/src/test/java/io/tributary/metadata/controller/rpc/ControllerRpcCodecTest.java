package io.tributary.metadata.controller.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.Endpoint;
import io.tributary.metadata.record.OffsetCommitRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ControllerRpcCodecTest {

    private static final Uuid ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    @Test
    void shouldRoundTripEveryRequestWhenEncodedAndDecoded() {
        List<ControllerRequest> requests = List.of(
                new ControllerRequest.RegisterBroker(1, ID, List.of(new Endpoint("PLAINTEXT", "h", 1, "PLAINTEXT")), "r"),
                new ControllerRequest.BrokerHeartbeat(1, 2L, 3L, false, true),
                new ControllerRequest.CreateTopics(List.of(new ControllerRequest.CreatableTopic("t", 3, (short) 2,
                        Map.of(0, List.of(1, 2)), Map.of("retention.ms", "1"))), true),
                new ControllerRequest.DeleteTopics(List.of("t")),
                new ControllerRequest.UnregisterBroker(4),
                new ControllerRequest.CreatePartitions(List.of(new ControllerRequest.PartitionsTopic("t", 4, List.of(List.of(1)))), false),
                new ControllerRequest.AlterConfigs(List.of(new ControllerRequest.AlterableConfig(ConfigResourceType.TOPIC, "t",
                        Map.of("a", "b"), List.of("c"))), false),
                new ControllerRequest.AlterPartition(1, 2L, ID, 0, 3, 4, List.of(1, 2)),
                new ControllerRequest.AllocateProducerIds(1, 2L),
                new ControllerRequest.ElectLeaders(ControllerRequest.ElectionType.PREFERRED, null),
                new ControllerRequest.WriteGroupState(3, 4, List.of(new OffsetCommitRecord("g", ID, 0, 1L, 0, "", 2L))));

        for (ControllerRequest r : requests) {
            assertThat(ControllerRpcCodec.decodeRequest(ControllerRpcCodec.encode(r))).isEqualTo(r);
        }
    }

    @Test
    void shouldRoundTripErrorResponsesOfEveryRequestType() {
        ControllerRequest r = new ControllerRequest.CreateTopics(List.of(new ControllerRequest.CreatableTopic("t", 1,
                (short) 1, null, null)), false);
        ControllerResponse response = r.errorResponse(Errors.NOT_CONTROLLER, "moved");

        ControllerResponse decoded = ControllerRpcCodec.decodeResponse(ControllerRpcCodec.encode(response));

        assertThat(decoded).isEqualTo(response);
        assertThat(((ControllerResponse.CreateTopics) decoded).topics().get(0).error()).isEqualTo(Errors.NOT_CONTROLLER);
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenDecodingResponse() {
        byte[] json = "{\"type\":\"BrokerHeartbeat\",\"errorCode\":0,\"isCaughtUp\":true,\"isFenced\":false,\"shouldShutDown\":false,\"metadataOffset\":17,\"newField\":1}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(ControllerRpcCodec.decodeResponse(json)).isEqualTo(new ControllerResponse.BrokerHeartbeat((short) 0, true, false, false, 17L));
    }

    @Test
    void shouldRejectUnknownRequestType() {
        assertThatThrownBy(() -> ControllerRpcCodec.decodeRequest("{\"type\":\"Nope\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
