package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicationQuotaTest {

    @Test
    void shouldAllowOneSecondOfBurstThenKeepToTheRate() {
        ReplicationQuota q = new ReplicationQuota();
        assertThat(q.isExceeded(1_000, 0)).isFalse();
        q.record(1_500, 1_000, 0);
        assertThat(q.isExceeded(1_000, 0)).isTrue();
        assertThat(q.isExceeded(1_000, 400)).as("500 bytes owed, 400 refilled").isTrue();
        assertThat(q.isExceeded(1_000, 600)).isFalse();
    }

    @Test
    void shouldNotSaveUpMoreThanOneSecondOfRate() {
        ReplicationQuota q = new ReplicationQuota();
        q.record(0, 1_000, 0);
        q.record(2_500, 1_000, 60_000);
        assertThat(q.isExceeded(1_000, 60_000)).as("a long idle time still allows only 1 s of burst").isTrue();
        assertThat(q.isExceeded(1_000, 61_600)).isFalse();
    }

    @Test
    void shouldParseKafkaThrottledReplicaLists() {
        assertThat(ThrottledReplicas.contains("0:1,0:2, 1:3", 1, 3)).isTrue();
        assertThat(ThrottledReplicas.contains("0:1,0:2", 0, 3)).isFalse();
        assertThat(ThrottledReplicas.contains("*", 7, 9)).isTrue();
        assertThat(ThrottledReplicas.contains("", 0, 1)).isFalse();
        assertThat(ThrottledReplicas.contains(null, 0, 1)).isFalse();
        assertThat(ThrottledReplicas.contains("10:1", 0, 1)).isFalse();
    }
}
