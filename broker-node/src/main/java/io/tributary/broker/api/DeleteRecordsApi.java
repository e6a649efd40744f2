package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.replica.PartitionError;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.log.LogException;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.TopicImage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

/**
 * DeleteRecords (key 21): moves a partition's log start offset forward (up to the high watermark;
 * -1 means the high watermark), on the leader. Whole segments below it are then deleted; the rest
 * becomes unreadable. This is the only way data is deleted other than retention — by the broker,
 * at an operator's request.
 */
public final class DeleteRecordsApi implements ApiHandler {
    private final Supplier<MetadataImage> image;
    private final ReplicaManager replicaManager;

    public DeleteRecordsApi(Supplier<MetadataImage> image, ReplicaManager replicaManager) {
        this.image = image;
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        DeleteRecordsRequestData body = request.bodyAs(DeleteRecordsRequest.class).data();
        MetadataImage img = image.get();
        DeleteRecordsResponseData data = new DeleteRecordsResponseData();
        for (DeleteRecordsRequestData.DeleteRecordsTopic topic : body.topics()) {
            Optional<TopicImage> t = img.topic(topic.name());
            DeleteRecordsTopicResult result = new DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : topic.partitions()) {
                DeleteRecordsPartitionResult r = new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex()).setLowWatermark(-1);
                if (t.isEmpty() || t.get().partition(p.partitionIndex()) == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    try {
                        long low = replicaManager.partition(tp)
                                .orElseThrow(() -> new PartitionError(Errors.NOT_LEADER_OR_FOLLOWER, "not hosted here"))
                                .deleteRecordsBefore(p.offset());
                        r.setLowWatermark(low).setErrorCode(Errors.NONE.code());
                    } catch (PartitionError e) {
                        r.setErrorCode(e.error().code());
                    } catch (LogException e) {
                        r.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
                    }
                }
                result.partitions().add(r);
            }
            data.topics().add(result);
        }
        return CompletableFuture.completedFuture(new DeleteRecordsResponse(data));
    }
}
