package io.tributary.broker.group;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;

/** The topics a consumer group's members subscribe to, read from their JoinGroup metadata. */
final class GroupSubscriptions {
    private GroupSubscriptions() {
    }

    /** Empty unless the group is a non-empty "consumer" group; unreadable metadata counts as no topics. */
    static Set<String> topics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        if (!"consumer".equals(group.protocolType()) || group.state() == ClassicGroupState.EMPTY
                || group.protocolName() == null) {
            return topics;
        }
        for (ClassicGroupMember m : group.members()) {
            try {
                topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata(group.protocolName()))).topics());
            } catch (RuntimeException e) {
                // A client with its own protocol: nothing to protect.
            }
        }
        return topics;
    }
}
