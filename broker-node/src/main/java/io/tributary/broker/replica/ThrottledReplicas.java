package io.tributary.broker.replica;

/**
 * Kafka's {@code leader/follower.replication.throttled.replicas} topic config: {@code "*"} (every
 * replica of the topic) or a list {@code partitionId:brokerId,...} of the replicas the throttle
 * applies to. Pure.
 */
public final class ThrottledReplicas {
    private ThrottledReplicas() {
    }

    /** Whether {@code value} lists the replica of {@code partition} on {@code brokerId}; null or blank lists none. */
    public static boolean contains(String value, int partition, int brokerId) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim();
        if (v.equals("*")) {
            return true;
        }
        String wanted = partition + ":" + brokerId;
        for (String entry : v.split(",")) {
            if (entry.trim().equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
