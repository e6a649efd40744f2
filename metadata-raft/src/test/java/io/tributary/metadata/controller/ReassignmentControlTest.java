package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.PartitionRegistration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AlterPartitionReassignments / ListPartitionReassignments through the controller, and completion on ISR expand. */
class ReassignmentControlTest {

    private final ControllerTestContext ctx = new ControllerTestContext(ControllerConfig.of(
            ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 1, ControllerConfig.AUTO_LEADER_REBALANCE_ENABLE, false));

    @BeforeEach
    void start() {
        ctx.startBrokers(1, 2, 3, 4);
        assertThat(ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2), 1, List.of(2, 3)), Map.of())).errorMessage()).isNull();
        assertThat(reassign("t", 1, 2, 3, 4).error()).isEqualTo(Errors.NONE);
        expandIsr(1, 2, 3, 4);
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    private PartitionRegistration partition(int p) {
        return ctx.image().partition(ctx.topicId("t"), p);
    }

    private ControllerResponse.PartitionResult reassign(String topic, int partition, Integer... replicas) {
        return reassign(true, topic, partition, replicas == null ? null : Arrays.asList(replicas));
    }

    private ControllerResponse.PartitionResult reassign(boolean allowRfChange, String topic, int partition, List<Integer> replicas) {
        ControllerResponse.AlterPartitionReassignments r = ctx.send(new ControllerRequest.AlterPartitionReassignments(
                List.of(new ControllerRequest.ReassignmentTarget(topic, partition, replicas)), allowRfChange));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        return r.partitions().get(0);
    }

    private ControllerResponse.PartitionResult cancel(int partition) {
        return reassign(true, "t", partition, null);
    }

    /** The partition's leader reports a new ISR, as the broker's ISR-expand path does. */
    private ControllerResponse.AlterPartition expandIsr(int partition, Integer... isr) {
        PartitionRegistration p = partition(partition);
        return ctx.send(new ControllerRequest.AlterPartition(p.leader(), ctx.image().broker(p.leader()).epoch(),
                ctx.topicId("t"), partition, p.leaderEpoch(), p.partitionEpoch(), List.of(isr)));
    }

    private List<ControllerResponse.OngoingReassignment> list(List<ControllerRequest.PartitionRef> refs) {
        ControllerResponse.ListPartitionReassignments r = ctx.send(new ControllerRequest.ListPartitionReassignments(refs));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        return r.reassignments();
    }

    @Test
    void shouldExtendReplicasWithTargetFirstWhenReassignmentStarts() {
        PartitionRegistration before = partition(0);

        assertThat(reassign("t", 0, 2, 3).error()).isEqualTo(Errors.NONE);

        PartitionRegistration p = partition(0);
        assertThat(p.replicas()).containsExactly(2, 3, 1);
        assertThat(p.addingReplicas()).containsExactly(3);
        assertThat(p.removingReplicas()).containsExactly(1);
        assertThat(p.isr()).containsExactly(1, 2);
        assertThat(p.leader()).isEqualTo(1);
        assertThat(p.leaderEpoch()).as("adding replicas keeps the leader epoch").isEqualTo(before.leaderEpoch());
        assertThat(p.partitionEpoch()).isEqualTo(before.partitionEpoch() + 1);
    }

    @Test
    void shouldCompleteAndMoveLeaderIntoTargetWhenAddedReplicasJoinIsr() {
        reassign("t", 0, 3, 2);
        int epochBefore = partition(0).leaderEpoch();

        ControllerResponse.AlterPartition r = expandIsr(0, 1, 2, 3);

        assertThat(r.error()).isEqualTo(Errors.NONE);
        PartitionRegistration p = partition(0);
        assertThat(p.replicas()).containsExactly(3, 2);
        assertThat(p.isr()).containsExactlyInAnyOrder(2, 3);
        assertThat(p.addingReplicas()).isEmpty();
        assertThat(p.removingReplicas()).isEmpty();
        assertThat(p.leader()).as("first target replica in the ISR").isEqualTo(3);
        assertThat(p.leaderEpoch()).isEqualTo(epochBefore + 1);
        assertThat(r.leader()).isEqualTo(3);
        assertThat(list(null)).isEmpty();
    }

    @Test
    void shouldKeepLeaderAndBumpEpochWhenCompletionRemovesOtherReplica() {
        reassign("t", 0, 1, 4);
        int epochBefore = partition(0).leaderEpoch();

        expandIsr(0, 1, 2, 4);

        PartitionRegistration p = partition(0);
        assertThat(p.replicas()).containsExactly(1, 4);
        assertThat(p.isr()).containsExactly(1, 4);
        assertThat(p.leader()).isEqualTo(1);
        assertThat(p.leaderEpoch()).as("removed replicas are fenced by a new leader epoch").isEqualTo(epochBefore + 1);
    }

    @Test
    void shouldNotCompleteWhileSomeAddedReplicaIsOutOfIsr() {
        reassign("t", 0, 3, 4);

        expandIsr(0, 1, 2, 3);

        PartitionRegistration p = partition(0);
        assertThat(p.replicas()).containsExactly(3, 4, 1, 2);
        assertThat(p.isr()).containsExactly(1, 2, 3);
        assertThat(p.addingReplicas()).containsExactly(3, 4);
        assertThat(list(null)).singleElement().satisfies(o -> {
            assertThat(o.topic()).isEqualTo("t");
            assertThat(o.partition()).isZero();
            assertThat(o.replicas()).containsExactly(3, 4, 1, 2);
            assertThat(o.addingReplicas()).containsExactly(3, 4);
            assertThat(o.removingReplicas()).containsExactly(1, 2);
        });
    }

    @Test
    void shouldCompleteAtOnceWhenOnlyRemovingOrReordering() {
        int epochBefore = partition(1).leaderEpoch();

        reassign("t", 1, 4, 3);

        PartitionRegistration p = partition(1);
        assertThat(p.replicas()).containsExactly(4, 3);
        assertThat(p.isr()).containsExactlyInAnyOrder(3, 4);
        assertThat(p.leader()).isEqualTo(4);
        assertThat(p.leaderEpoch()).isEqualTo(epochBefore + 1);

        reassign("t", 1, 3, 4);

        assertThat(partition(1).replicas()).containsExactly(3, 4);
        assertThat(partition(1).leader()).as("a reorder alone moves no leader").isEqualTo(4);
        assertThat(list(null)).isEmpty();
    }

    @Test
    void shouldAnswerNoneAndChangeNothingWhenTargetEqualsReplicas() {
        int epoch = partition(0).partitionEpoch();

        assertThat(reassign("t", 0, 1, 2).error()).isEqualTo(Errors.NONE);

        assertThat(partition(0).partitionEpoch()).isEqualTo(epoch);
    }

    @Test
    void shouldRevertToOriginalReplicasWhenCancelled() {
        reassign("t", 0, 3, 4);
        expandIsr(0, 1, 2, 3);

        assertThat(cancel(0).error()).isEqualTo(Errors.NONE);

        PartitionRegistration p = partition(0);
        assertThat(p.replicas()).containsExactly(1, 2);
        assertThat(p.isr()).containsExactly(1, 2);
        assertThat(p.addingReplicas()).isEmpty();
        assertThat(p.removingReplicas()).isEmpty();
        assertThat(p.leader()).isEqualTo(1);
        assertThat(list(null)).isEmpty();
    }

    @Test
    void shouldRejectCancelWhenNoReassignmentIsInProgress() {
        assertThat(cancel(0).error()).isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
    }

    @Test
    void shouldReplaceOngoingReassignmentWithNewTarget() {
        reassign("t", 0, 3, 4);

        reassign("t", 0, 1, 3);

        PartitionRegistration p = partition(0);
        assertThat(p.replicas()).containsExactly(1, 3, 4, 2);
        assertThat(p.addingReplicas()).as("relative to the original replicas").containsExactly(3);
        assertThat(p.removingReplicas()).containsExactly(4, 2);

        expandIsr(0, 1, 2, 3);

        assertThat(partition(0).replicas()).containsExactly(1, 3);
        assertThat(partition(0).isr()).containsExactly(1, 3);
    }

    @Test
    void shouldRejectBadTargetsWithKafkaErrors() {
        assertThat(reassign("missing", 0, 1).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(reassign("t", 9, 1).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(reassign("t", 0).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(reassign("t", 0, 1, 1).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(reassign("t", 0, 1, 7).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(reassign(false, "t", 0, List.of(1, 2, 3)).error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(reassign(false, "t", 0, List.of(3, 4)).error()).isEqualTo(Errors.NONE);
        assertThat(cancel(7).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void shouldAnswerEachPartitionOfOneRequest() {
        ControllerResponse.AlterPartitionReassignments r = ctx.send(new ControllerRequest.AlterPartitionReassignments(List.of(
                new ControllerRequest.ReassignmentTarget("t", 0, List.of(2, 3)),
                new ControllerRequest.ReassignmentTarget("t", 1, null),
                new ControllerRequest.ReassignmentTarget("t", 0, List.of(4))), true));

        assertThat(r.partitions()).extracting(ControllerResponse.PartitionResult::error)
                .containsExactly(Errors.NONE, Errors.NO_REASSIGNMENT_IN_PROGRESS, Errors.INVALID_REQUEST);
        assertThat(partition(0).addingReplicas()).containsExactly(3);
    }

    @Test
    void shouldListOnlyRequestedReassigningPartitionsAndSkipUnknownOnes() {
        reassign("t", 0, 3, 4);

        assertThat(list(List.of(new ControllerRequest.PartitionRef("t", 1), new ControllerRequest.PartitionRef("nope", 0),
                new ControllerRequest.PartitionRef("t", 5)))).isEmpty();
        assertThat(list(List.of(new ControllerRequest.PartitionRef("t", 0)))).singleElement()
                .satisfies(o -> assertThat(o.addingReplicas()).containsExactly(3, 4));
    }

    @Test
    void shouldKeepReassignmentStateWhenAnotherControllerTakesOver() {
        reassign("t", 0, 2, 3);
        ctx.failover();
        ctx.heartbeat(1);
        ctx.heartbeat(2);
        ctx.heartbeat(3);
        ctx.heartbeat(4);

        expandIsr(0, 1, 2, 3);

        assertThat(partition(0).replicas()).containsExactly(2, 3);
        assertThat(partition(0).leader()).isEqualTo(2);
    }
}
