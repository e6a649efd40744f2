package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker killed with SIGKILL and started again keeps every acknowledged record and its
 * idempotent-producer state: a retried batch is still answered with its original offset.
 */
@Timeout(180)
class BrokerRestartIT {

    @Test
    void shouldKeepDataAndDeduplicateRetriesAcrossAKillAndRestart(@TempDir Path dir) throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(BrokerRestartIT.class, dir.resolve("cluster"), 1)) {
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("durable", 2, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = cluster.producer(new Properties())) {
                for (int i = 0; i < 2000; i++) {
                    producer.send(new ProducerRecord<>("durable", i % 2, null, "r" + i));
                }
                producer.flush();
            }
            InetSocketAddress broker = address(cluster.bootstrap());
            long producerId = initProducerId(broker);
            long firstOffset = produceIdempotent(broker, producerId, 0);
            assertThat(produceIdempotent(broker, producerId, 0)).as("retry before restart").isEqualTo(firstOffset);

            cluster.kill(1);
            cluster.restart(1);

            // Until the controller has unfenced the new incarnation and made it leader again, the
            // broker answers NOT_LEADER_OR_FOLLOWER; retrying sequence 0 is what a producer would do.
            long[] afterRestart = {-1};
            Awaitility.await("the retried batch is answered after the restart").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> afterRestart[0] = produceIdempotent(broker, producerId, 0));
            assertThat(afterRestart[0]).as("retry after restart").isEqualTo(firstOffset);
            try (KafkaConsumer<String, String> consumer = cluster.consumer(new Properties())) {
                List<TopicPartition> tps = List.of(new TopicPartition("durable", 0), new TopicPartition("durable", 1));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < 2001 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
                assertThat(values).hasSize(2001).doesNotHaveDuplicates();
                assertThat(values).contains("r0", "r1999", "idempotent-0");
            }
        }
    }

    private static InetSocketAddress address(String bootstrap) {
        String first = bootstrap.split(",")[0];
        int colon = first.lastIndexOf(':');
        return new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    private static long initProducerId(InetSocketAddress broker) throws IOException {
        InitProducerIdResponse r = (InitProducerIdResponse) call(broker, ApiKeys.INIT_PRODUCER_ID,
                new InitProducerIdRequest.Builder(new InitProducerIdRequestData().setTransactionalId(null)
                        .setTransactionTimeoutMs(60000)).build((short) 4));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        return r.data().producerId();
    }

    /** Sends one idempotent batch with sequence {@code seq} to partition 0 and returns its base offset. */
    private static long produceIdempotent(InetSocketAddress broker, long producerId, int seq) throws IOException {
        MemoryRecords records = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, seq,
                new SimpleRecord(null, ("idempotent-" + seq).getBytes(StandardCharsets.UTF_8)));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("durable");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
        data.topicData().add(topic);
        ProduceResponse r = (ProduceResponse) call(broker, ApiKeys.PRODUCE, ProduceRequest.builder(data).build((short) 9));
        var partition = r.data().responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
        return partition.baseOffset();
    }

    private static AbstractResponse call(InetSocketAddress broker, ApiKeys key, AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(key, request.version(), "restart-it", 1);
        ByteBuffer bytes = request.serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(broker, 5000);
            socket.setSoTimeout(15000);
            byte[] frame = new byte[4 + bytes.remaining()];
            ByteBuffer.wrap(frame).putInt(bytes.remaining()).put(bytes);
            socket.getOutputStream().write(frame);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
        }
    }
}
