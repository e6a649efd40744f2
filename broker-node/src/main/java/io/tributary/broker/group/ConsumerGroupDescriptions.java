package io.tributary.broker.group;

import io.tributary.broker.group.consumer.ConsumerGroup;
import io.tributary.broker.group.consumer.ConsumerGroupMember;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.TopicImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.Errors;

/** How a consumer (KIP-848) group is shown: by ConsumerGroupDescribe, and by DescribeGroups for older tools. */
final class ConsumerGroupDescriptions {
    /** ConsumerGroupDescribe's member type for a member using the consumer protocol. */
    private static final byte CONSUMER_MEMBER = 1;

    private ConsumerGroupDescriptions() {
    }

    static ConsumerGroupDescribeResponseData.DescribedGroup describe(ConsumerGroup group, MetadataImage image) {
        ConsumerGroupDescribeResponseData.DescribedGroup d = new ConsumerGroupDescribeResponseData.DescribedGroup()
                .setGroupId(group.groupId()).setGroupState(group.state()).setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch()).setAssignorName(group.assignorName());
        for (ConsumerGroupMember m : group.members()) {
            d.members().add(new ConsumerGroupDescribeResponseData.Member().setMemberId(m.memberId())
                    .setInstanceId(m.instanceId()).setRackId(m.rackId()).setMemberEpoch(m.memberEpoch())
                    .setClientId(m.clientId()).setClientHost(m.clientHost())
                    .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames()))
                    .setSubscribedTopicRegex(m.subscribedTopicRegex())
                    .setAssignment(assignment(m.assigned(), image))
                    .setTargetAssignment(assignment(group.targetOf(m.memberId()), image))
                    .setMemberType(CONSUMER_MEMBER));
        }
        return d;
    }

    /** DescribeGroups' view: protocol type "consumer", members with their subscription and assignment in the classic encoding. */
    static GroupCoordinator.GroupDescription classicView(ConsumerGroup group, MetadataImage image) {
        List<GroupCoordinator.MemberDescription> members = new ArrayList<>();
        for (ConsumerGroupMember m : group.members()) {
            ByteBuffer subscription = ConsumerProtocol.serializeSubscription(
                    new ConsumerPartitionAssignor.Subscription(m.subscribedTopicNames()));
            ByteBuffer assignment = ConsumerProtocol.serializeAssignment(
                    new ConsumerPartitionAssignor.Assignment(topicPartitions(m.assigned(), image)));
            members.add(new GroupCoordinator.MemberDescription(m.memberId(), m.instanceId(), m.clientId(), m.clientHost(),
                    bytes(subscription), bytes(assignment)));
        }
        return new GroupCoordinator.GroupDescription(Errors.NONE, group.groupId(), group.state(), "consumer",
                group.assignorName(), members);
    }

    private static ConsumerGroupDescribeResponseData.Assignment assignment(Map<Uuid, Set<Integer>> partitions, MetadataImage image) {
        ConsumerGroupDescribeResponseData.Assignment a = new ConsumerGroupDescribeResponseData.Assignment();
        new TreeMap<>(partitions).forEach((topicId, ps) -> a.topicPartitions().add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                .setTopicId(topicId).setTopicName(image.topic(topicId).map(TopicImage::name).orElse(""))
                .setPartitions(new ArrayList<>(ps))));
        return a;
    }

    private static List<TopicPartition> topicPartitions(Map<Uuid, Set<Integer>> partitions, MetadataImage image) {
        List<TopicPartition> out = new ArrayList<>();
        partitions.forEach((topicId, ps) -> {
            Optional<TopicImage> t = image.topic(topicId);
            t.ifPresent(topic -> ps.forEach(p -> out.add(new TopicPartition(topic.name(), p))));
        });
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
