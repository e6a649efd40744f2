package io.tributary.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.record.ConsumerGroupRecord;
import io.tributary.metadata.record.MetadataJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * The KIP-848 group state machine driven by simulated, honest clients and a hand-moved clock: no
 * threads, no sleeps. After every step no partition may be held by two members.
 */
class ConsumerGroupTest {
    private static final int SESSION_MS = 10_000;
    private static final int HEARTBEAT_MS = 1_000;
    private static final int REBALANCE_MS = 30_000;

    private final FakeTopics topics = new FakeTopics().add("t", 6).add("other", 2);
    private final ConsumerGroupConfig config = new ConsumerGroupConfig(SESSION_MS, HEARTBEAT_MS, 100, List.of("uniform", "range"));
    private ConsumerGroup group = new ConsumerGroup("g", config, () -> "generated");
    private long nowMs = 1_000;

    /** A consumer as the protocol expects it to behave: it reports what it owns and gives up what it is not assigned. */
    private final class Client {
        final String memberId;
        String instanceId;
        int epoch;
        Map<Uuid, Set<Integer>> owned = Partitions.NONE;
        List<String> subscription = List.of("t");
        ConsumerGroupHeartbeatResponseData last;

        Client(String memberId) {
            this.memberId = memberId;
        }

        ConsumerGroupHeartbeatRequestData request() {
            ConsumerGroupHeartbeatRequestData r = new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(memberId)
                    .setMemberEpoch(epoch).setInstanceId(instanceId).setTopicPartitions(owned(owned));
            if (epoch == 0) {
                r.setRebalanceTimeoutMs(REBALANCE_MS).setSubscribedTopicNames(subscription);
            }
            return r;
        }

        ConsumerGroupHeartbeatResponseData heartbeat() {
            return apply(group.onHeartbeat(request(), 1, "client", "/127.0.0.1", nowMs, topics));
        }

        ConsumerGroupHeartbeatResponseData apply(ConsumerGroupHeartbeatResponseData response) {
            last = response;
            assertNoPartitionHeldTwice();
            if (response.errorCode() != Errors.NONE.code()) {
                return response;
            }
            epoch = response.memberEpoch();
            if (response.assignment() != null) {
                Map<Uuid, List<Integer>> a = new HashMap<>();
                response.assignment().topicPartitions().forEach(tp -> a.put(tp.topicId(), tp.partitions()));
                owned = Partitions.copyOf(a);
            }
            return response;
        }

        Errors error() {
            return Errors.forCode(last.errorCode());
        }

        int ownedCount() {
            return Partitions.size(owned);
        }
    }

    private static List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned(Map<Uuid, Set<Integer>> owned) {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> out = new ArrayList<>();
        owned.forEach((t, ps) -> out.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(t)
                .setPartitions(new ArrayList<>(ps))));
        return out;
    }

    private void assertNoPartitionHeldTwice() {
        Map<String, String> holder = new HashMap<>();
        for (ConsumerGroupMember m : group.members()) {
            m.owned().forEach((t, ps) -> ps.forEach(p ->
                    assertThat(holder.put(t + "-" + p, m.memberId())).as("partition %s-%d held twice", t, p).isNull()));
        }
    }

    private void heartbeatAll(List<Client> clients, int rounds) {
        for (int i = 0; i < rounds; i++) {
            clients.forEach(Client::heartbeat);
        }
    }

    @Test
    void shouldGiveFirstMemberEveryPartitionInEpochOne() {
        Client a = new Client("a");
        a.heartbeat();
        assertThat(a.error()).isEqualTo(Errors.NONE);
        assertThat(a.epoch).isEqualTo(1);
        assertThat(a.ownedCount()).isEqualTo(6);
        assertThat(a.last.heartbeatIntervalMs()).isEqualTo(HEARTBEAT_MS);
        assertThat(group.state()).isEqualTo("Stable");
        assertThat(group.assignorName()).isEqualTo("uniform");
    }

    @Test
    void shouldRevokeFromOldOwnerBeforeAssigningToNewMember() {
        Client a = new Client("a");
        a.heartbeat();
        Client b = new Client("b");
        b.heartbeat();
        // b is in epoch 2 but its partitions are still a's.
        assertThat(b.epoch).isEqualTo(2);
        assertThat(b.ownedCount()).isZero();
        assertThat(group.member("b").state()).isEqualTo(MemberState.UNRELEASED_PARTITIONS);
        assertThat(group.state()).isEqualTo("Reconciling");

        a.heartbeat(); // told to keep three: it must revoke the other three first, still in epoch 1
        assertThat(a.epoch).isEqualTo(1);
        assertThat(a.ownedCount()).isEqualTo(3);
        assertThat(group.member("a").state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        b.heartbeat();
        assertThat(b.ownedCount()).as("still pending revocation at a").isZero();

        a.heartbeat(); // reports only three now: revocation acknowledged
        assertThat(a.epoch).isEqualTo(2);
        assertThat(group.member("a").state()).isEqualTo(MemberState.STABLE);
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(3);
        assertThat(group.state()).isEqualTo("Stable");
    }

    @Test
    void shouldKeepPartitionsPendingWhileOwnerHasNotReportedRevocation() {
        Client a = new Client("a");
        a.heartbeat();
        Client b = new Client("b");
        b.heartbeat();
        a.heartbeat();
        // a's next heartbeats omit its owned partitions (null = unchanged): not an acknowledgement.
        for (int i = 0; i < 3; i++) {
            a.apply(group.onHeartbeat(a.request().setTopicPartitions(null), 1, "c", "h", nowMs, topics));
            b.heartbeat();
            assertThat(b.ownedCount()).isZero();
        }
    }

    @Test
    void shouldFenceStaleAndUnknownMembers() {
        Client a = new Client("a");
        a.heartbeat();
        Client b = new Client("b");
        b.heartbeat();
        heartbeatAll(List.of(a, b), 3);
        assertThat(a.epoch).isEqualTo(2);

        Client future = new Client("a");
        future.epoch = 5;
        future.owned = a.owned;
        future.heartbeat();
        assertThat(future.error()).isEqualTo(Errors.FENCED_MEMBER_EPOCH);

        Client old = new Client("a"); // the previous epoch, but owning partitions no longer assigned to it
        old.epoch = 1;
        old.owned = Partitions.copyOf(Map.of(topics.id("t"), List.of(0, 1, 2, 3, 4, 5)));
        old.heartbeat();
        assertThat(old.error()).isEqualTo(Errors.FENCED_MEMBER_EPOCH);

        Client lostResponse = new Client("a"); // ... previous epoch with a subset of the assignment is tolerated
        lostResponse.epoch = 1;
        lostResponse.owned = a.owned;
        lostResponse.heartbeat();
        assertThat(lostResponse.error()).isEqualTo(Errors.NONE);
        assertThat(lostResponse.epoch).isEqualTo(2);

        Client stranger = new Client("nobody");
        stranger.epoch = 3;
        stranger.heartbeat();
        assertThat(stranger.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void shouldRemoveMemberAfterSessionTimeoutAndGiveItsPartitionsToOthers() {
        Client a = new Client("a");
        Client b = new Client("b");
        a.heartbeat();
        b.heartbeat();
        heartbeatAll(List.of(a, b), 3);
        int epoch = group.groupEpoch();
        for (int i = 0; i < 9; i++) { // b keeps heartbeating, a has died
            nowMs += HEARTBEAT_MS;
            b.heartbeat();
            assertThat(group.tick(nowMs, topics)).isEmpty();
        }
        nowMs += HEARTBEAT_MS;
        assertThat(group.tick(nowMs, topics)).extracting(ConsumerGroup.Expired::memberId).containsExactly("a");
        assertThat(group.groupEpoch()).isEqualTo(epoch + 1);
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(6);
        assertThat(b.epoch).isEqualTo(epoch + 1);
        a.heartbeat();
        assertThat(a.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void shouldFenceMemberThatDoesNotRevokeWithinRebalanceTimeout() {
        Client a = new Client("a");
        a.heartbeat();
        Client b = new Client("b");
        b.heartbeat();
        Map<Uuid, Set<Integer>> all = Partitions.copyOf(Map.of(topics.id("t"), List.of(0, 1, 2, 3, 4, 5)));
        a.heartbeat();
        assertThat(group.member("a").state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        for (long t = 0; t < REBALANCE_MS; t += HEARTBEAT_MS * 5) {
            nowMs += HEARTBEAT_MS * 5;
            a.owned = all; // a stuck client: never revokes
            a.heartbeat();
            b.heartbeat();
            if (nowMs < 1_000 + REBALANCE_MS) {
                assertThat(group.tick(nowMs, topics)).isEmpty();
            }
        }
        nowMs += HEARTBEAT_MS;
        assertThat(group.tick(nowMs, topics)).extracting(ConsumerGroup.Expired::reason)
                .singleElement().asString().contains("rebalance timeout");
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(6);
    }

    @Test
    void shouldRemoveMemberThatLeavesAndRebalanceTheRest() {
        Client a = new Client("a");
        Client b = new Client("b");
        a.heartbeat();
        b.heartbeat();
        heartbeatAll(List.of(a, b), 3);
        a.epoch = -1;
        a.heartbeat();
        assertThat(a.last.memberEpoch()).isEqualTo(-1);
        assertThat(group.member("a")).isNull();
        heartbeatAll(List.of(b), 1);
        assertThat(b.ownedCount()).isEqualTo(6);
    }

    @Test
    void shouldHandStaticMembersPartitionsToItsReplacementWithoutNewEpoch() {
        Client a = new Client("a");
        a.instanceId = "i-1";
        Client b = new Client("b");
        a.heartbeat();
        b.heartbeat();
        heartbeatAll(List.of(a, b), 3);
        Map<Uuid, Set<Integer>> aOwned = a.owned;
        Map<Uuid, Set<Integer>> bOwned = b.owned;
        int epoch = group.groupEpoch();

        a.epoch = ConsumerGroupMember.LEFT_STATIC;
        a.heartbeat();
        assertThat(a.last.memberEpoch()).isEqualTo(ConsumerGroupMember.LEFT_STATIC);
        assertThat(group.member("a").assigned()).isEqualTo(aOwned);

        Client conflict = new Client("a3");
        conflict.instanceId = "i-2";
        Client restarted = new Client("a2");
        restarted.instanceId = "i-1";
        restarted.heartbeat();
        assertThat(restarted.error()).isEqualTo(Errors.NONE);
        assertThat(restarted.owned).isEqualTo(aOwned);
        assertThat(group.groupEpoch()).isEqualTo(epoch);
        assertThat(group.member("a")).isNull();
        b.heartbeat();
        assertThat(b.owned).isEqualTo(bOwned);

        Client twin = new Client("a4");
        twin.instanceId = "i-1";
        twin.heartbeat();
        assertThat(twin.error()).isEqualTo(Errors.UNRELEASED_INSTANCE_ID);
    }

    @Test
    void shouldRemoveStaticMemberThatDoesNotComeBackWithinSession() {
        Client a = new Client("a");
        a.instanceId = "i-1";
        Client b = new Client("b");
        a.heartbeat();
        b.heartbeat();
        heartbeatAll(List.of(a, b), 3);
        a.epoch = ConsumerGroupMember.LEFT_STATIC;
        a.heartbeat();
        nowMs += SESSION_MS / 2;
        b.heartbeat();
        assertThat(b.ownedCount()).as("a's partitions wait for its return").isEqualTo(3);
        nowMs += SESSION_MS;
        b.heartbeat();
        assertThat(group.tick(nowMs, topics)).extracting(ConsumerGroup.Expired::memberId).containsExactly("a");
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(6);
    }

    @Test
    void shouldRejectInvalidRequestsAsKafkaDoes() {
        Client a = new Client("a");
        assertThat(error(a.request().setGroupId(""))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setMemberId(""))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setRebalanceTimeoutMs(-1))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setSubscribedTopicNames(null))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setTopicPartitions(owned(Map.of(topics.id("t"), Set.of(1)))))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setInstanceId(""))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setRackId(""))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setMemberEpoch(-3))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setMemberEpoch(-2))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(a.request().setServerAssignor("sticky"))).isEqualTo(Errors.UNSUPPORTED_ASSIGNOR);
        assertThat(error(a.request().setSubscribedTopicNames(null).setSubscribedTopicRegex("(")))
                .isEqualTo(Errors.INVALID_REGULAR_EXPRESSION);
        assertThat(error(a.request().setMemberEpoch(-1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.isEmpty()).isTrue();
        // Version 0: the coordinator names the member.
        ConsumerGroupHeartbeatResponseData v0 = group.onHeartbeat(a.request().setMemberId(""), 0, "c", "h", nowMs, topics);
        assertThat(v0.memberId()).isEqualTo("generated");
    }

    private Errors error(ConsumerGroupHeartbeatRequestData request) {
        return Errors.forCode(group.onHeartbeat(request, 1, "c", "h", nowMs, topics).errorCode());
    }

    @Test
    void shouldUseRangeWhenMembersAskForIt() {
        Client a = new Client("a");
        a.apply(group.onHeartbeat(a.request().setServerAssignor("range"), 1, "c", "h", nowMs, topics));
        Client b = new Client("b");
        b.apply(group.onHeartbeat(b.request().setServerAssignor("range"), 1, "c", "h", nowMs, topics));
        heartbeatAll(List.of(a, b), 3);
        assertThat(group.assignorName()).isEqualTo("range");
        assertThat(a.owned).isEqualTo(Map.of(topics.id("t"), Set.of(0, 1, 2)));
        assertThat(b.owned).isEqualTo(Map.of(topics.id("t"), Set.of(3, 4, 5)));
    }

    @Test
    void shouldRebalanceWhenSubscriptionChangesOrPartitionsAreAdded() {
        Client a = new Client("a");
        a.heartbeat();
        int epoch = group.groupEpoch();
        a.apply(group.onHeartbeat(a.request().setSubscribedTopicNames(List.of("t", "other")), 1, "c", "h", nowMs, topics));
        a.heartbeat();
        assertThat(group.groupEpoch()).isEqualTo(epoch + 1);
        assertThat(a.ownedCount()).isEqualTo(8);

        topics.add("t", 10);
        a.heartbeat();
        a.heartbeat();
        assertThat(group.groupEpoch()).isEqualTo(epoch + 2);
        assertThat(a.ownedCount()).isEqualTo(12);
        a.heartbeat();
        assertThat(group.groupEpoch()).as("no change, no new epoch").isEqualTo(epoch + 2);
    }

    @Test
    void shouldResolveRegexSubscriptionAgainstTopicsIncludingNewOnes() {
        Client a = new Client("a");
        a.subscription = null;
        a.apply(group.onHeartbeat(a.request().setSubscribedTopicNames(null).setSubscribedTopicRegex("o.*"), 1, "c", "h",
                nowMs, topics));
        assertThat(a.owned).isEqualTo(Map.of(topics.id("other"), Set.of(0, 1)));
        topics.add("orders", 3);
        a.heartbeat();
        a.heartbeat();
        assertThat(a.ownedCount()).isEqualTo(5);
        assertThat(group.member("a").subscribedTopicRegex()).isEqualTo("o.*");
    }

    @Test
    void shouldValidateOffsetCommitsByMemberEpoch() {
        assertThat(group.validateOffsetCommit("", -1)).isEqualTo(Errors.NONE);
        Client a = new Client("a");
        a.heartbeat();
        assertThat(group.validateOffsetCommit("", -1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.validateOffsetCommit("x", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.validateOffsetCommit("a", 1)).isEqualTo(Errors.NONE);
        assertThat(group.validateOffsetCommit("a", 7)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void shouldContinueFromPersistedStateAfterReload() throws Exception {
        Client a = new Client("a");
        Client b = new Client("b");
        a.heartbeat();
        b.heartbeat();
        a.heartbeat(); // a is now revoking
        ConsumerGroupRecord record = group.drainRecord();
        assertThat(record).isNotNull();
        assertThat(group.drainRecord()).as("nothing changed since").isNull();
        // Through the log format, as a new coordinator reads it.
        byte[] json = MetadataJson.mapper().writeValueAsBytes(record);
        ConsumerGroupRecord read = MetadataJson.mapper().readValue(json, ConsumerGroupRecord.class);
        assertThat(read).isEqualTo(record);

        group = ConsumerGroup.fromRecord(read, config, () -> "x", nowMs);
        assertThat(group.member("a").state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        assertThat(group.groupEpoch()).isEqualTo(2);
        assertThat(group.toRecord()).isEqualTo(record);
        heartbeatAll(List.of(a, b), 3);
        assertThat(a.ownedCount()).isEqualTo(3);
        assertThat(b.ownedCount()).isEqualTo(3);
        assertThat(group.state()).isEqualTo("Stable");
        // Sessions restart at load: nobody expires before a full session.
        assertThat(group.tick(nowMs + SESSION_MS - 1, topics)).isEmpty();
    }

    /** Random joins, leaves, crashes, topic growth and time: never two holders; once quiet, every partition owned once. */
    @Test
    void shouldNeverHandOutPartitionHeldByAnotherMemberUnderRandomChurn() {
        for (long seed = 0; seed < 30; seed++) {
            Random random = new Random(seed);
            group = new ConsumerGroup("g", config, () -> "generated");
            FakeTopics t = new FakeTopics().add("t", 6).add("other", 2);
            List<Client> live = new ArrayList<>();
            int next = 0;
            for (int step = 0; step < 300; step++) {
                int action = random.nextInt(20);
                if (action == 0 || live.isEmpty()) {
                    Client c = new Client("m" + next++);
                    c.subscription = random.nextBoolean() ? List.of("t") : List.of("t", "other");
                    live.add(c);
                } else if (action == 1) {
                    Client c = live.remove(random.nextInt(live.size()));
                    c.epoch = -1;
                    c.apply(group.onHeartbeat(c.request(), 1, "c", "h", nowMs, t));
                } else if (action == 2) {
                    live.remove(random.nextInt(live.size())); // crashed: expires later
                } else if (action == 3 && random.nextInt(5) == 0) {
                    t.add("t", t.byName("t").partitions() + 1);
                } else {
                    Client c = live.get(random.nextInt(live.size()));
                    ConsumerGroupHeartbeatResponseData r = group.onHeartbeat(c.request(), 1, "c", "h", nowMs, t);
                    c.apply(r);
                    if (r.errorCode() != Errors.NONE.code()) { // fenced or expired: rejoin from scratch
                        c.epoch = 0;
                        c.owned = Partitions.NONE;
                    }
                }
                nowMs += random.nextInt(HEARTBEAT_MS);
                group.tick(nowMs, t);
                assertNoPartitionHeldTwice();
                for (Client c : live) { // a client owns nothing the group does not think it holds
                    ConsumerGroupMember m = group.member(c.memberId);
                    if (m != null && c.epoch > 0) {
                        assertThat(Partitions.minus(m.assigned(), c.owned)).isEmpty();
                    }
                }
            }
            for (int round = 0; round < 6; round++) {
                for (Client c : live) {
                    c.apply(group.onHeartbeat(c.request(), 1, "c", "h", nowMs, t));
                    if (c.error() != Errors.NONE) {
                        c.epoch = 0;
                        c.owned = Partitions.NONE;
                    }
                }
                nowMs += SESSION_MS / 4;
                group.tick(nowMs, t);
            }
            assertThat(group.state()).as("seed %d", seed).isEqualTo(live.isEmpty() ? "Empty" : "Stable");
            if (!live.isEmpty()) {
                int owned = live.stream().mapToInt(Client::ownedCount).sum();
                boolean anyOther = live.stream().anyMatch(c -> c.subscription.contains("other"));
                assertThat(owned).as("seed %d", seed).isEqualTo(t.byName("t").partitions() + (anyOther ? 2 : 0));
            }
        }
    }
}
