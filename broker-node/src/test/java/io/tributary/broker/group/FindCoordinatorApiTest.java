package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.CoordinatorShards;
import io.tributary.metadata.image.MetadataDelta;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.CoordinatorShardRecord;
import io.tributary.metadata.record.Endpoint;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.RegisterBrokerRecord;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** FindCoordinator answers from the image: the shard leader's endpoint, or why there is none. */
class FindCoordinatorApiTest {
    private static final int SHARDS = 8;

    private MetadataImage image = MetadataImage.EMPTY;

    private void apply(MetadataRecord... records) {
        MetadataDelta delta = new MetadataDelta(image, image.offset() + 1);
        for (MetadataRecord r : records) {
            delta.replay(r);
        }
        image = delta.apply();
    }

    private FindCoordinatorResponse find(short version, byte keyType, String... keys) throws Exception {
        FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType(keyType);
        if (version >= 4) {
            data.setCoordinatorKeys(List.of(keys));
        } else {
            data.setKey(keys[0]);
        }
        FindCoordinatorRequest body = new FindCoordinatorRequest.Builder(data).build(version);
        KafkaRequest request = new KafkaRequest(new RequestHeader(ApiKeys.FIND_COORDINATOR, version, "c", 1), body, null, 0);
        return (FindCoordinatorResponse) new FindCoordinatorApi(SHARDS, "PLAINTEXT", () -> image).handle(request).get();
    }

    private String groupInShard(int shard) {
        for (int i = 0; ; i++) {
            if (CoordinatorShards.shardFor("group-" + i, SHARDS) == shard) {
                return "group-" + i;
            }
        }
    }

    @Test
    void shouldAnswerEachKeyWhenRequestIsBatched() throws Exception {
        apply(new RegisterBrokerRecord(2, Uuid.randomUuid(), 5, List.of(new Endpoint("PLAINTEXT", "127.0.0.2", 9092, "PLAINTEXT")),
                null, false, false), new CoordinatorShardRecord(0, 2, 1), new CoordinatorShardRecord(1, -1, 1));
        String led = groupInShard(0);
        String orphan = groupInShard(1);
        FindCoordinatorResponse r = find((short) 4, (byte) 0, led, orphan);
        FindCoordinatorResponseData.Coordinator c0 = r.coordinatorByKey(led).orElseThrow();
        assertThat(c0.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(c0.nodeId()).isEqualTo(2);
        assertThat(c0.host()).isEqualTo("127.0.0.2");
        assertThat(c0.port()).isEqualTo(9092);
        assertThat(r.coordinatorByKey(orphan).orElseThrow().errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
    }

    @Test
    void shouldAnswerTopLevelFieldsWhenClientUsesV3() throws Exception {
        apply(new RegisterBrokerRecord(2, Uuid.randomUuid(), 5, List.of(new Endpoint("PLAINTEXT", "127.0.0.2", 9092, "PLAINTEXT")),
                null, false, false), new CoordinatorShardRecord(3, 2, 1));
        FindCoordinatorResponse r = find((short) 3, (byte) 0, groupInShard(3));
        assertThat(r.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.data().nodeId()).isEqualTo(2);
    }

    @Test
    void shouldReportCoordinatorNotAvailableWhenShardLeaderIsFenced() throws Exception {
        apply(new RegisterBrokerRecord(2, Uuid.randomUuid(), 5, List.of(new Endpoint("PLAINTEXT", "127.0.0.2", 9092, "PLAINTEXT")),
                null, true, false), new CoordinatorShardRecord(0, 2, 1));
        assertThat(find((short) 4, (byte) 0, groupInShard(0)).coordinators().get(0).errorCode())
                .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
    }

    @Test
    void shouldRefuseTransactionAndShareKeysWhenOnlyGroupsAreCoordinated() throws Exception {
        assertThat(find((short) 6, (byte) 1, "txn").coordinators().get(0).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(find((short) 6, (byte) 2, "share").coordinators().get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }
}
