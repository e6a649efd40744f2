package io.tributary.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.protocol.ApiVersionsHandler;
import io.tributary.broker.protocol.RequestDispatcher;
import io.tributary.broker.testing.RawKafkaConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class KafkaServerTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private KafkaServer server;

    private InetSocketAddress start(Map<String, String> props) throws Exception {
        RequestDispatcher dispatcher = new RequestDispatcher();
        dispatcher.register(ApiKeys.API_VERSIONS, 0, 4, new ApiVersionsHandler(dispatcher));
        // A metadata handler that answers the topic "slow" late, to expose reordering.
        dispatcher.register(ApiKeys.METADATA, 0, 13, request -> {
            MetadataRequest body = request.bodyAs(MetadataRequest.class);
            MetadataResponse response = new MetadataResponse(new MetadataResponseData(), request.apiVersion());
            boolean slow = body.data().topics() != null && !body.data().topics().isEmpty()
                    && "slow".equals(body.data().topics().get(0).name());
            if (!slow) {
                return CompletableFuture.completedFuture(response);
            }
            CompletableFuture<AbstractResponse> later = new CompletableFuture<>();
            scheduler.schedule(() -> later.complete(response), 300, TimeUnit.MILLISECONDS);
            return later;
        });
        dispatcher.register(ApiKeys.PRODUCE, 0, 13, request ->
                CompletableFuture.completedFuture(new ProduceResponse(new ProduceResponseData())));
        server = new KafkaServer(NetworkConfig.of("127.0.0.1", 0, props), dispatcher);
        return server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        scheduler.shutdownNow();
    }

    private static RequestHeader header(ApiKeys key, short version, int correlationId) {
        return new RequestHeader(key, version, "test-client", correlationId);
    }

    @Test
    void shouldAdvertiseRegisteredApisWithProduceFromVersionZeroWhenAskedForApiVersions() throws Exception {
        InetSocketAddress address = start(Map.of());
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            RequestHeader h = header(ApiKeys.API_VERSIONS, (short) 3, 1);
            conn.send(h, new ApiVersionsRequest.Builder().build((short) 3));
            ApiVersionsResponse response = (ApiVersionsResponse) conn.receive(h);

            assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.data().apiKeys()).extracting(ApiVersionsResponseData.ApiVersion::apiKey)
                    .containsExactlyInAnyOrder(ApiKeys.API_VERSIONS.id, ApiKeys.METADATA.id, ApiKeys.PRODUCE.id);
            assertThat(response.apiVersion(ApiKeys.PRODUCE.id).minVersion()).isZero();
            assertThat(response.apiVersion(ApiKeys.PRODUCE.id).maxVersion()).isEqualTo(ApiKeys.PRODUCE.latestVersion());
        }
    }

    @Test
    void shouldAnswerVersionZeroWithUnsupportedVersionWhenApiVersionsVersionIsUnknown() throws Exception {
        InetSocketAddress address = start(Map.of());
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            // A future client: ApiVersions v99 with a v2 header; the body is whatever it is.
            RequestHeader h = header(ApiKeys.API_VERSIONS, (short) 99, 7);
            ByteBuffer headerBytes = ByteBuffer.allocate(64);
            ByteBuffer frame = new ApiVersionsRequest.Builder().build((short) 3).serializeWithHeader(header(ApiKeys.API_VERSIONS, (short) 3, 7));
            frame.putShort(2, (short) 99); // patch the version in the header
            byte[] bytes = new byte[4 + frame.remaining()];
            ByteBuffer.wrap(bytes).putInt(frame.remaining()).put(frame);
            conn.writeRaw(bytes);

            ByteBuffer response = conn.readFrame();
            assertThat(response.getInt()).isEqualTo(7); // v0 response header: correlation id only
            ApiVersionsResponse body = ApiVersionsResponse.parse(new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
            assertThat(body.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(body.apiVersion(ApiKeys.API_VERSIONS.id)).isNotNull();
            assertThat(headerBytes).isNotNull();
            assertThat(h.apiVersion()).isEqualTo((short) 99);
        }
    }

    @Test
    void shouldReturnResponsesInRequestOrderWhenAnEarlierRequestCompletesLater() throws Exception {
        InetSocketAddress address = start(Map.of());
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            short v = 12;
            RequestHeader slow = header(ApiKeys.METADATA, v, 10);
            RequestHeader fast = header(ApiKeys.METADATA, v, 11);
            conn.send(slow, new MetadataRequest.Builder(new MetadataRequestData().setTopics(
                    List.of(new MetadataRequestData.MetadataRequestTopic().setName("slow")))).build(v));
            conn.send(fast, new MetadataRequest.Builder(new MetadataRequestData().setTopics(
                    List.of(new MetadataRequestData.MetadataRequestTopic().setName("fast")))).build(v));

            // parseResponse throws if the correlation id is not the expected one.
            assertThat(conn.receive(slow)).isInstanceOf(MetadataResponse.class);
            assertThat(conn.receive(fast)).isInstanceOf(MetadataResponse.class);
        }
    }

    @Test
    void shouldSendNoResponseWhenProduceHasAcksZero() throws Exception {
        InetSocketAddress address = start(Map.of());
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            short v = 9;
            RequestHeader produce = header(ApiKeys.PRODUCE, v, 20);
            conn.send(produce, ProduceRequest.builder(new ProduceRequestData().setAcks((short) 0).setTimeoutMs(1000)).build(v));
            RequestHeader versions = header(ApiKeys.API_VERSIONS, (short) 3, 21);
            conn.send(versions, new ApiVersionsRequest.Builder().build((short) 3));

            assertThat(conn.receive(versions)).isInstanceOf(ApiVersionsResponse.class);
        }
    }

    @Test
    void shouldCloseOnlyThatConnectionWhenFrameIsOversizeNegativeOrGarbage() throws Exception {
        InetSocketAddress address = start(Map.of(NetworkConfig.SOCKET_REQUEST_MAX_BYTES, "1024"));
        for (byte[] bad : List.of(
                ByteBuffer.allocate(4).putInt(1025).array(),
                ByteBuffer.allocate(4).putInt(-1).array(),
                "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
                conn.writeRaw(bad);
                assertThat(conn.isClosedByPeer()).isTrue();
            }
        }
        assertServes(address);
    }

    @Test
    void shouldCloseConnectionWhenApiKeyIsUnknown() throws Exception {
        InetSocketAddress address = start(Map.of());
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            ByteBuffer frame = ByteBuffer.allocate(4 + 10).putInt(10).putShort((short) 9999).putShort((short) 0).putInt(1).putShort((short) -1);
            conn.writeRaw(frame.array());
            assertThat(conn.isClosedByPeer()).isTrue();
        }
        assertServes(address);
    }

    @Test
    void shouldCloseConnectionWhenApiIsNotRegistered() throws Exception {
        InetSocketAddress address = start(Map.of());
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            RequestHeader h = header(ApiKeys.FIND_COORDINATOR, (short) 4, 1);
            conn.send(h, new org.apache.kafka.common.requests.FindCoordinatorRequest.Builder(
                    new org.apache.kafka.common.message.FindCoordinatorRequestData().setKeyType((byte) 0)
                            .setCoordinatorKeys(List.of("g"))).build((short) 4));
            assertThat(conn.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void shouldCloseConnectionWhenFrameDoesNotCompleteWithinDeadline() throws Exception {
        InetSocketAddress address = start(Map.of(NetworkConfig.FRAME_READ_TIMEOUT_MS, "200"));
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            conn.writeRaw(ByteBuffer.allocate(6).putInt(100).putShort((short) 18).array());
            long start = System.nanoTime();
            assertThat(conn.isClosedByPeer()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
        }
    }

    @Test
    void shouldRefuseConnectionsAboveThePerIpLimit() throws Exception {
        InetSocketAddress address = start(Map.of(NetworkConfig.MAX_CONNECTIONS_PER_IP, "1"));
        try (RawKafkaConnection first = new RawKafkaConnection(address, 5_000)) {
            // Make sure the first connection is established (and counted) before the second arrives.
            RequestHeader h = header(ApiKeys.API_VERSIONS, (short) 3, 1);
            first.send(h, new ApiVersionsRequest.Builder().build((short) 3));
            assertThat(first.receive(h)).isInstanceOf(ApiVersionsResponse.class);
            try (RawKafkaConnection second = new RawKafkaConnection(address, 5_000)) {
                assertThat(second.isClosedByPeer()).isTrue();
            }
            RequestHeader again = header(ApiKeys.API_VERSIONS, (short) 3, 2);
            first.send(again, new ApiVersionsRequest.Builder().build((short) 3));
            assertThat(first.receive(again)).isInstanceOf(ApiVersionsResponse.class);
        }
    }

    @Test
    void shouldRejectInvalidConfigWithKeyAndValueInMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        NetworkConfig.of("127.0.0.1", 0, Map.of(NetworkConfig.SOCKET_REQUEST_MAX_BYTES, "-5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socket.request.max.bytes").hasMessageContaining("-5");
    }

    private static void assertServes(InetSocketAddress address) throws Exception {
        try (RawKafkaConnection conn = new RawKafkaConnection(address, 5_000)) {
            RequestHeader h = header(ApiKeys.API_VERSIONS, (short) 3, 99);
            conn.send(h, new ApiVersionsRequest.Builder().build((short) 3));
            assertThat(conn.receive(h)).isInstanceOf(ApiVersionsResponse.class);
        }
    }
}
