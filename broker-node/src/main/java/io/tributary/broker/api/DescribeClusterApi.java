package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.MetadataImage;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;

/**
 * DescribeCluster (key 60): the registered brokers (fenced ones only when asked, v2), the cluster
 * id and the controller's id. Only the broker endpoint type is served; a request for controller
 * endpoints (v1, KIP-919) gets UNSUPPORTED_ENDPOINT_TYPE, as a Kafka broker answers.
 */
public final class DescribeClusterApi implements ApiHandler {
    private static final byte BROKER_ENDPOINTS = 1;

    private final String clusterId;
    private final String listenerName;
    private final Supplier<MetadataImage> image;
    private final IntSupplier controllerId;

    public DescribeClusterApi(String clusterId, String listenerName, Supplier<MetadataImage> image, IntSupplier controllerId) {
        this.clusterId = clusterId;
        this.listenerName = listenerName;
        this.image = image;
        this.controllerId = controllerId;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        DescribeClusterRequestData body = request.bodyAs(DescribeClusterRequest.class).data();
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setClusterId(clusterId)
                .setControllerId(controllerId.getAsInt())
                .setEndpointType(body.endpointType())
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        if (body.endpointType() != BROKER_ENDPOINTS) {
            data.setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code()).setErrorMessage("Only broker endpoints are served");
            return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
        }
        MetadataImage img = image.get();
        new TreeMap<>(img.brokers()).forEach((id, b) -> {
            if (!b.fenced() || body.includeFencedBrokers()) {
                ImageQueries.endpoint(b, listenerName).ifPresent(e -> data.brokers().add(
                        new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(id).setHost(e.host())
                                .setPort(e.port()).setRack(b.rack()).setIsFenced(b.fenced())));
            }
        });
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }
}
