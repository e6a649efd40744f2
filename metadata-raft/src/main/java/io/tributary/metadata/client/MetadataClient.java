package io.tributary.metadata.client;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.controller.rpc.ControllerRpcCodec;
import io.tributary.metadata.quorum.NotControllerException;
import io.tributary.metadata.quorum.QuorumUnavailableException;
import io.tributary.metadata.record.Endpoint;
import io.tributary.metadata.record.MetadataRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.Uuid;

/**
 * Typed, asynchronous access to the active controller for brokers. Each call is retried with
 * exponential backoff while no controller takes it ({@link NotControllerException},
 * {@link QuorumUnavailableException}, or an attempt that does not answer in time), up to {@code request.timeout.ms}; then the future fails with
 * {@link ControllerUnavailableException} naming the attempts and the last error. Business errors are
 * not retried: they come back in the response's error codes.
 *
 * <p>Thread-safe; callbacks run on the channel's or the scheduler's threads.
 */
public final class MetadataClient {

    private final ControllerChannel channel;
    private final Scheduler scheduler;
    private final MetadataClientConfig config;

    public MetadataClient(ControllerChannel channel, Scheduler scheduler, MetadataClientConfig config) {
        this.channel = channel;
        this.scheduler = scheduler;
        this.config = config;
    }

    public CompletableFuture<ControllerResponse.RegisterBroker> register(int brokerId, Uuid incarnationId,
                                                                         List<Endpoint> endpoints, String rack) {
        return call(new ControllerRequest.RegisterBroker(brokerId, incarnationId, endpoints, rack),
                ControllerResponse.RegisterBroker.class);
    }

    public CompletableFuture<ControllerResponse.BrokerHeartbeat> heartbeat(int brokerId, long brokerEpoch,
                                                                           long currentMetadataOffset, boolean wantFence,
                                                                           boolean wantShutDown) {
        return call(new ControllerRequest.BrokerHeartbeat(brokerId, brokerEpoch, currentMetadataOffset, wantFence,
                wantShutDown), ControllerResponse.BrokerHeartbeat.class);
    }

    /** A heartbeat asking for controlled shutdown; repeat until {@code shouldShutDown}. */
    public CompletableFuture<ControllerResponse.BrokerHeartbeat> controlledShutdown(int brokerId, long brokerEpoch,
                                                                                    long currentMetadataOffset) {
        return heartbeat(brokerId, brokerEpoch, currentMetadataOffset, false, true);
    }

    public CompletableFuture<ControllerResponse.UnregisterBroker> unregister(int brokerId) {
        return call(new ControllerRequest.UnregisterBroker(brokerId), ControllerResponse.UnregisterBroker.class);
    }

    public CompletableFuture<ControllerResponse.CreateTopics> createTopics(List<ControllerRequest.CreatableTopic> topics,
                                                                           boolean validateOnly) {
        return call(new ControllerRequest.CreateTopics(topics, validateOnly), ControllerResponse.CreateTopics.class);
    }

    public CompletableFuture<ControllerResponse.DeleteTopics> deleteTopics(List<String> names) {
        return call(new ControllerRequest.DeleteTopics(names), ControllerResponse.DeleteTopics.class);
    }

    public CompletableFuture<ControllerResponse.CreatePartitions> createPartitions(
            List<ControllerRequest.PartitionsTopic> topics, boolean validateOnly) {
        return call(new ControllerRequest.CreatePartitions(topics, validateOnly), ControllerResponse.CreatePartitions.class);
    }

    public CompletableFuture<ControllerResponse.AlterConfigs> alterConfigs(List<ControllerRequest.AlterableConfig> resources,
                                                                           boolean validateOnly) {
        return call(new ControllerRequest.AlterConfigs(resources, validateOnly), ControllerResponse.AlterConfigs.class);
    }

    public CompletableFuture<ControllerResponse.AlterPartition> alterPartition(ControllerRequest.AlterPartition request) {
        return call(request, ControllerResponse.AlterPartition.class);
    }

    public CompletableFuture<ControllerResponse.AllocateProducerIds> allocateProducerIds(int brokerId, long brokerEpoch) {
        return call(new ControllerRequest.AllocateProducerIds(brokerId, brokerEpoch),
                ControllerResponse.AllocateProducerIds.class);
    }

    public CompletableFuture<ControllerResponse.ElectLeaders> electLeaders(ControllerRequest.ElectionType type,
                                                                           List<ControllerRequest.PartitionRef> partitions) {
        return call(new ControllerRequest.ElectLeaders(type, partitions), ControllerResponse.ElectLeaders.class);
    }

    public CompletableFuture<ControllerResponse.WriteGroupState> writeGroupState(int shardId, int coordinatorEpoch,
                                                                                 List<MetadataRecord> records) {
        return call(new ControllerRequest.WriteGroupState(shardId, coordinatorEpoch, records),
                ControllerResponse.WriteGroupState.class);
    }

    /** Sends any request; the response must be of {@code type}. */
    public <R extends ControllerResponse> CompletableFuture<R> call(ControllerRequest request, Class<R> type) {
        CompletableFuture<R> result = new CompletableFuture<>();
        byte[] bytes = ControllerRpcCodec.encode(request);
        long deadlineMs = scheduler.nowMs() + config.requestTimeoutMs();
        attempt(bytes, type, result, deadlineMs, 1, config.retryBackoffMs(), request);
        return result;
    }

    private <R extends ControllerResponse> void attempt(byte[] bytes, Class<R> type, CompletableFuture<R> result,
                                                        long deadlineMs, int attemptNo, long backoffMs,
                                                        ControllerRequest request) {
        AtomicBoolean settled = new AtomicBoolean();
        long remaining = Math.max(1L, deadlineMs - scheduler.nowMs());
        // An attempt that never answers must not hold the caller beyond the deadline.
        Scheduler.Cancellable timeout = scheduler.schedule(remaining, () -> {
            if (settled.compareAndSet(false, true)) {
                result.completeExceptionally(unavailable(request, attemptNo, new TimeoutException("no answer")));
            }
        });
        CompletableFuture<byte[]> sent;
        try {
            sent = channel.call(bytes);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((reply, error) -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            timeout.cancel();
            if (error == null) {
                try {
                    ControllerResponse response = ControllerRpcCodec.decodeResponse(reply);
                    if (!type.isInstance(response)) {
                        throw new IllegalStateException("expected " + type.getSimpleName() + " but got " + response);
                    }
                    result.complete(type.cast(response));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean retriable = cause instanceof NotControllerException || cause instanceof TimeoutException
                    || cause instanceof QuorumUnavailableException;
            if (!retriable) {
                result.completeExceptionally(cause);
                return;
            }
            if (scheduler.nowMs() + backoffMs >= deadlineMs) {
                result.completeExceptionally(unavailable(request, attemptNo, cause));
                return;
            }
            scheduler.schedule(backoffMs, () -> attempt(bytes, type, result, deadlineMs, attemptNo + 1,
                    Math.min(backoffMs * 2, config.retryBackoffMaxMs()), request));
        });
    }

    private ControllerUnavailableException unavailable(ControllerRequest request, int attempts, Throwable last) {
        return new ControllerUnavailableException("No active controller answered " + request.getClass().getSimpleName()
                + " within " + config.requestTimeoutMs() + " ms (" + attempts + " attempt(s)); last error: " + last, last);
    }
}
