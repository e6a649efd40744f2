package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.client.ErrorMessages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Group and offset look-ups shared by the group commands; an unknown group is reported by name. */
final class Groups {
    private Groups() {
    }

    /** The description; unknown (dead, nothing committed) groups are a {@link CliException}. */
    static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
            if (d.groupState() == GroupState.DEAD && committed(admin, group).isEmpty()) {
                throw unknown(group);
            }
            return d;
        } catch (ExecutionException e) {
            if (ErrorMessages.unwrap(e) instanceof GroupIdNotFoundException) {
                throw unknown(group);
            }
            throw e;
        }
    }

    private static CliException unknown(String group) {
        return new CliException("Unknown group '" + group + "'.");
    }

    /** Committed offsets of the group (partitions without a commit left out). */
    static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null && om.offset() >= 0) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    /** ListOffsets for each partition with one spec. */
    static Map<TopicPartition, Long> offsets(Admin admin, java.util.Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
