package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;

/** DescribeLogDirs (key 35): this broker's log directories, their space, and each partition's size. */
public final class DescribeLogDirsApi implements ApiHandler {
    private final List<Path> logDirs;
    private final ReplicaManager replicaManager;

    public DescribeLogDirsApi(List<Path> logDirs, ReplicaManager replicaManager) {
        this.logDirs = List.copyOf(logDirs);
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        DescribeLogDirsRequestData body = request.bodyAs(DescribeLogDirsRequest.class).data();
        DescribeLogDirsResponseData data = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        for (Path dir : logDirs) {
            DescribeLogDirsResponseData.DescribeLogDirsResult result = new DescribeLogDirsResponseData.DescribeLogDirsResult()
                    .setLogDir(dir.toAbsolutePath().toString()).setErrorCode(Errors.NONE.code());
            try {
                FileStore store = Files.getFileStore(dir);
                result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
            } catch (IOException e) {
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
            }
            Map<String, DescribeLogDirsResponseData.DescribeLogDirsTopic> topics = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, Partition> e : replicaManager.partitions().entrySet()) {
                TopicPartition tp = e.getKey();
                Partition p = e.getValue();
                if (!p.log().dir().startsWith(dir) || !wanted(body, tp)) {
                    continue;
                }
                long lag = p.isLeader() ? 0 : Math.max(0, p.highWatermark() - p.logEndOffset());
                topics.computeIfAbsent(tp.topic(), n -> new DescribeLogDirsResponseData.DescribeLogDirsTopic().setName(n))
                        .partitions().add(new DescribeLogDirsResponseData.DescribeLogDirsPartition()
                                .setPartitionIndex(tp.partition()).setPartitionSize(p.log().sizeInBytes())
                                .setOffsetLag(lag).setIsFutureKey(false));
            }
            data.results().add(result.setTopics(List.copyOf(topics.values())));
        }
        return CompletableFuture.completedFuture(new DescribeLogDirsResponse(data));
    }

    private static boolean wanted(DescribeLogDirsRequestData body, TopicPartition tp) {
        if (body.topics() == null) {
            return true;
        }
        var topic = body.topics().find(tp.topic());
        return topic != null && topic.partitions().contains(tp.partition());
    }
}
