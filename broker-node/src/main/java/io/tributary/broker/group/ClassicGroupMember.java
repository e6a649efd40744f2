package io.tributary.broker.group;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * A member of a classic group with its soft state: the join or sync it is waiting on and its session
 * deadline. Mutable; owned by its {@link ClassicGroup} and confined to the same thread.
 */
final class ClassicGroupMember {
    final String memberId;
    final String groupInstanceId;
    final String clientId;
    final String clientHost;
    int rebalanceTimeoutMs;
    int sessionTimeoutMs;
    /** Supported protocols in the member's order of preference, with their metadata. */
    Map<String, byte[]> protocols;
    byte[] assignment = new byte[0];
    Consumer<JoinGroupResponseData> awaitingJoin;
    Consumer<SyncGroupResponseData> awaitingSync;
    long sessionDeadlineMs;

    ClassicGroupMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                       int rebalanceTimeoutMs, int sessionTimeoutMs, Map<String, byte[]> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    /** The same member under a new id (a static member rejoining), keeping its assignment. */
    ClassicGroupMember withId(String newMemberId) {
        ClassicGroupMember m = new ClassicGroupMember(newMemberId, groupInstanceId, clientId, clientHost,
                rebalanceTimeoutMs, sessionTimeoutMs, protocols);
        m.assignment = assignment;
        m.sessionDeadlineMs = sessionDeadlineMs;
        return m;
    }

    List<String> protocolNames() {
        return List.copyOf(protocols.keySet());
    }

    byte[] metadata(String protocol) {
        byte[] m = protocols.get(protocol);
        return m == null ? new byte[0] : m;
    }

    /** True when {@code other} lists the same protocols, in the same order, with the same metadata. */
    boolean sameProtocols(Map<String, byte[]> other) {
        if (!List.copyOf(other.keySet()).equals(protocolNames())) {
            return false;
        }
        return other.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), protocols.get(e.getKey())));
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }
}
