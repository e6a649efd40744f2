package io.tributary.metadata.record;

/** A member of a classic consumer group as persisted after a completed rebalance. */
public record GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                          int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {

    // Records compare arrays by identity; members are compared by content so images can be compared.
    @Override
    public boolean equals(Object o) {
        return o instanceof GroupMember m
                && java.util.Objects.equals(memberId, m.memberId)
                && java.util.Objects.equals(groupInstanceId, m.groupInstanceId)
                && java.util.Objects.equals(clientId, m.clientId)
                && java.util.Objects.equals(clientHost, m.clientHost)
                && rebalanceTimeoutMs == m.rebalanceTimeoutMs
                && sessionTimeoutMs == m.sessionTimeoutMs
                && java.util.Arrays.equals(subscription, m.subscription)
                && java.util.Arrays.equals(assignment, m.assignment);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs,
                sessionTimeoutMs, java.util.Arrays.hashCode(subscription), java.util.Arrays.hashCode(assignment));
    }

    @Override
    public String toString() {
        return "GroupMember[" + memberId + ", instance=" + groupInstanceId + ", client=" + clientId + "]";
    }
}
