package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.GroupImage;
import io.tributary.metadata.record.GroupRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The classic group state machine, driven by hand with a fake clock: no threads, no sleeps. */
class ClassicGroupTest {
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 30_000;
    private static final int INITIAL_DELAY_MS = 3_000;

    private long nowMs = 1_000;
    private int nextId;
    private ClassicGroup group = newGroup(0);

    private ClassicGroup newGroup(int initialDelayMs) {
        return new ClassicGroup("g", new GroupCoordinatorConfig(initialDelayMs, 6_000, 300_000, 50, 0),
                () -> "id" + (nextId++));
    }

    /** Collects what a join request was answered, if anything yet. */
    private static final class JoinResult {
        JoinGroupResponseData response;

        Errors error() {
            return Errors.forCode(response.errorCode());
        }
    }

    private static final class SyncResult {
        SyncGroupResponseData response;
    }

    private JoinResult join(String memberId, String instanceId, int version, String... protocols) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection ps = new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        for (String p : protocols) {
            ps.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName(p).setMetadata(p.getBytes(StandardCharsets.UTF_8)));
        }
        JoinGroupRequestData req = new JoinGroupRequestData().setGroupId("g").setMemberId(memberId).setGroupInstanceId(instanceId)
                .setProtocolType("consumer").setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS).setProtocols(ps);
        JoinResult r = new JoinResult();
        group.onJoin(req, version, "client", "/127.0.0.1", nowMs, resp -> r.response = resp);
        return r;
    }

    private JoinResult join(String memberId, String... protocols) {
        return join(memberId, null, 9, protocols);
    }

    /** The two-step KIP-394 join of a new dynamic member; returns the pending join. */
    private JoinResult joinNew(String... protocols) {
        JoinResult first = join("", protocols);
        assertThat(first.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        return join(first.response.memberId(), protocols);
    }

    private SyncResult sync(String memberId, int generation, Map<String, String> assignments) {
        SyncGroupRequestData req = new SyncGroupRequestData().setGroupId("g").setMemberId(memberId).setGenerationId(generation);
        assignments.forEach((m, a) -> req.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment()
                .setMemberId(m).setAssignment(a.getBytes(StandardCharsets.UTF_8))));
        SyncResult r = new SyncResult();
        group.onSync(req, nowMs, resp -> r.response = resp);
        return r;
    }

    private Errors heartbeat(String memberId, int generation) {
        return group.onHeartbeat(new HeartbeatRequestData().setGroupId("g").setMemberId(memberId).setGenerationId(generation), nowMs);
    }

    private List<LeaveGroupResponseData.MemberResponse> leave(LeaveGroupRequestData.MemberIdentity... ids) {
        return group.onLeave(List.of(ids), nowMs);
    }

    private void advance(long ms) {
        nowMs += ms;
        group.tick(nowMs);
    }

    /** Two dynamic members joined and synced: returns their member ids, leader first. */
    private List<String> stableGroupOfTwo() {
        JoinResult a = joinNew("range");
        String aId = a.response == null ? null : a.response.memberId();
        assertThat(a.response).isNotNull(); // alone: the rebalance completes at once with no initial delay
        String leader = a.response.memberId();
        sync(leader, 1, Map.of(leader, "a1"));
        JoinResult b = joinNew("range");
        JoinResult a2 = join(aId, "range");
        assertThat(b.response.generationId()).isEqualTo(2);
        assertThat(a2.response.generationId()).isEqualTo(2);
        String bId = b.response.memberId();
        SyncResult sb = sync(bId, 2, Map.of());
        sync(leader, 2, Map.of(leader, "A", bId, "B"));
        assertThat(new String(sb.response.assignment(), StandardCharsets.UTF_8)).isEqualTo("B");
        assertThat(group.state()).isEqualTo(ClassicGroupState.STABLE);
        return List.of(leader, bId);
    }

    @Test
    void shouldRequireMemberIdWhenNewDynamicMemberJoinsWithV4() {
        JoinResult r = join("", "range");
        assertThat(r.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(r.response.memberId()).isEqualTo("client-id0");
        assertThat(group.memberCount()).isZero();
    }

    @Test
    void shouldAssignMemberIdDirectlyWhenClientUsesV3() {
        JoinResult r = join("", null, 3, "range");
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.response.memberId()).isEqualTo("client-id0");
        assertThat(r.response.leader()).isEqualTo("client-id0");
        assertThat(r.response.members()).hasSize(1);
    }

    @Test
    void shouldGiveLeaderTheMemberListAndFollowersNothingWhenRebalanceCompletes() {
        JoinResult a = joinNew("range");
        String aId = a.response.memberId();
        sync(aId, 1, Map.of(aId, "x"));
        JoinResult b = joinNew("range");
        assertThat(b.response).isNull(); // waits for the known member to rejoin
        assertThat(heartbeat(aId, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        JoinResult a2 = join(aId, "range");
        assertThat(a2.response.leader()).isEqualTo(aId);
        assertThat(a2.response.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(aId, b.response.memberId());
        assertThat(b.response.members()).isEmpty();
        assertThat(b.response.protocolName()).isEqualTo("range");
        assertThat(group.state()).isEqualTo(ClassicGroupState.COMPLETING_REBALANCE);
    }

    @Test
    void shouldDelayTheFirstRebalanceWhenInitialDelayIsConfigured() {
        group = newGroup(INITIAL_DELAY_MS);
        JoinResult a = joinNew("range");
        advance(INITIAL_DELAY_MS - 1);
        JoinResult b = joinNew("range");
        advance(1);
        assertThat(a.response).as("a member joined during the delay, so it is extended").isNull();
        advance(INITIAL_DELAY_MS);
        assertThat(a.error()).isEqualTo(Errors.NONE);
        assertThat(b.response.generationId()).isEqualTo(1);
        assertThat(group.state()).isEqualTo(ClassicGroupState.COMPLETING_REBALANCE);
    }

    @Test
    void shouldPickTheProtocolMostMembersPreferWhenAllSupportSeveral() {
        group = newGroup(INITIAL_DELAY_MS);
        JoinResult a = joinNew("range", "cooperative-sticky");
        JoinResult b = joinNew("cooperative-sticky", "range");
        JoinResult c = joinNew("cooperative-sticky", "roundrobin", "range");
        advance(INITIAL_DELAY_MS);
        advance(INITIAL_DELAY_MS);
        assertThat(a.response.protocolName()).isEqualTo("cooperative-sticky");
        assertThat(c.response.protocolName()).isEqualTo("cooperative-sticky");
        assertThat(b.error()).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldRejectJoinWhenNoProtocolIsSharedWithTheGroup() {
        List<String> ids = stableGroupOfTwo();
        assertThat(join("", "roundrobin").error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(group.memberCount()).isEqualTo(ids.size());
    }

    @Test
    void shouldRejectJoinWhenSessionTimeoutIsOutOfBounds() {
        JoinGroupRequestData req = new JoinGroupRequestData().setGroupId("g").setMemberId("").setProtocolType("consumer")
                .setSessionTimeoutMs(1_000).setRebalanceTimeoutMs(REBALANCE_MS);
        req.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0]));
        JoinResult r = new JoinResult();
        group.onJoin(req, 9, "client", "h", nowMs, resp -> r.response = resp);
        assertThat(r.error()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
    }

    @Test
    void shouldHandEveryMemberTheLeadersAssignmentWhenLeaderSyncs() {
        List<String> ids = stableGroupOfTwo();
        SyncResult again = sync(ids.get(0), 2, Map.of());
        assertThat(new String(again.response.assignment(), StandardCharsets.UTF_8)).isEqualTo("A");
        assertThat(again.response.protocolName()).isEqualTo("range");
    }

    @Test
    void shouldPersistTheGroupWhenRebalanceCompletes() {
        List<String> ids = stableGroupOfTwo();
        List<GroupRecord> records = group.drainRecords();
        GroupRecord last = records.get(records.size() - 1);
        assertThat(last.generation()).isEqualTo(2);
        assertThat(last.leader()).isEqualTo(ids.get(0));
        assertThat(last.members()).extracting(m -> new String(m.assignment(), StandardCharsets.UTF_8)).containsExactly("A", "B");
        assertThat(group.drainRecords()).isEmpty();
    }

    @Test
    void shouldAnswerSyncWithRebalanceInProgressWhenGroupIsPreparing() {
        List<String> ids = stableGroupOfTwo();
        joinNew("range");
        assertThat(Errors.forCode(sync(ids.get(1), 2, Map.of()).response.errorCode())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void shouldRejectSyncWhenGenerationIsStale() {
        List<String> ids = stableGroupOfTwo();
        assertThat(Errors.forCode(sync(ids.get(1), 1, Map.of()).response.errorCode())).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void shouldRejectSyncWhenProtocolNameDiffers() {
        List<String> ids = stableGroupOfTwo();
        SyncGroupRequestData req = new SyncGroupRequestData().setGroupId("g").setMemberId(ids.get(1)).setGenerationId(2)
                .setProtocolType("consumer").setProtocolName("roundrobin");
        SyncResult r = new SyncResult();
        group.onSync(req, nowMs, resp -> r.response = resp);
        assertThat(Errors.forCode(r.response.errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void shouldAnswerHeartbeatErrorsWhenMemberOrGenerationIsWrong() {
        List<String> ids = stableGroupOfTwo();
        assertThat(heartbeat(ids.get(1), 2)).isEqualTo(Errors.NONE);
        assertThat(heartbeat("nobody", 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat(ids.get(1), 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void shouldRemoveMemberAndRebalanceWhenSessionExpires() {
        List<String> ids = stableGroupOfTwo();
        advance(SESSION_MS - 1);
        assertThat(heartbeat(ids.get(0), 2)).isEqualTo(Errors.NONE);
        advance(1);
        assertThat(group.state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
        assertThat(heartbeat(ids.get(1), 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        JoinResult a = join(ids.get(0), "range");
        assertThat(a.response.generationId()).isEqualTo(3);
        assertThat(a.response.members()).hasSize(1);
    }

    @Test
    void shouldDropMemberThatMissesTheRebalanceDeadline() {
        List<String> ids = stableGroupOfTwo();
        JoinResult c = joinNew("range");
        JoinResult a = join(ids.get(0), "range");
        for (int i = 0; i < 3; i++) { // b keeps heartbeating but never rejoins
            advance(SESSION_MS - 1);
            heartbeat(ids.get(1), 2);
        }
        advance(REBALANCE_MS);
        assertThat(a.response.generationId()).isEqualTo(3);
        assertThat(a.response.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(ids.get(0), c.response.memberId());
    }

    @Test
    void shouldRestartRebalanceWhenLeaderNeverSyncs() {
        List<String> ids = stableGroupOfTwo();
        join(ids.get(0), "range"); // the leader rejoining starts a rebalance
        join(ids.get(1), "range");
        assertThat(group.state()).isEqualTo(ClassicGroupState.COMPLETING_REBALANCE);
        SyncResult follower = sync(ids.get(1), 3, Map.of());
        for (int i = 0; i < 3; i++) { // the leader stays alive but never sends the assignment
            advance(SESSION_MS - 1);
            assertThat(heartbeat(ids.get(0), 3)).isEqualTo(Errors.NONE);
        }
        advance(REBALANCE_MS - 3 * (SESSION_MS - 1));
        assertThat(group.state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
        assertThat(Errors.forCode(follower.response.errorCode())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(heartbeat(ids.get(0), 3)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void shouldRebalanceRemainingMembersWhenOneLeaves() {
        List<String> ids = stableGroupOfTwo();
        List<LeaveGroupResponseData.MemberResponse> r = leave(new LeaveGroupRequestData.MemberIdentity().setMemberId(ids.get(1)));
        assertThat(r).extracting(LeaveGroupResponseData.MemberResponse::errorCode).containsExactly(Errors.NONE.code());
        assertThat(group.state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
        JoinResult a = join(ids.get(0), "range");
        assertThat(a.response.members()).hasSize(1);
    }

    @Test
    void shouldAnswerEachMemberWhenBatchedLeaveNamesKnownAndUnknownMembers() {
        List<String> ids = stableGroupOfTwo();
        List<LeaveGroupResponseData.MemberResponse> r = leave(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(ids.get(0)),
                new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"),
                new LeaveGroupRequestData.MemberIdentity().setMemberId(ids.get(1)));
        assertThat(r).extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code(), Errors.NONE.code());
        assertThat(group.state()).isEqualTo(ClassicGroupState.EMPTY);
        assertThat(group.generationId()).isEqualTo(3);
        List<GroupRecord> records = group.drainRecords();
        assertThat(records.get(records.size() - 1).members()).isEmpty();
    }

    @Test
    void shouldReplaceStaticMemberWithoutRebalanceWhenItRejoinsWithSameProtocols() {
        JoinResult a = join("", "instance-a", 9, "range");
        String oldId = a.response.memberId();
        sync(oldId, 1, Map.of(oldId, "A"));
        group.drainRecords();
        JoinResult again = join("", "instance-a", 9, "range");
        String newId = again.response.memberId();
        assertThat(again.error()).isEqualTo(Errors.NONE);
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(again.response.generationId()).isEqualTo(1);
        assertThat(again.response.skipAssignment()).isTrue();
        assertThat(group.state()).isEqualTo(ClassicGroupState.STABLE);
        SyncResult s = sync(newId, 1, Map.of());
        assertThat(new String(s.response.assignment(), StandardCharsets.UTF_8)).isEqualTo("A");
        assertThat(group.drainRecords()).singleElement().satisfies(rec -> assertThat(rec.leader()).isEqualTo(newId));
    }

    @Test
    void shouldFenceOldStaticMemberIdWhenInstanceRejoined() {
        JoinResult a = join("", "instance-a", 9, "range");
        String oldId = a.response.memberId();
        sync(oldId, 1, Map.of(oldId, "A"));
        join("", "instance-a", 9, "range");
        HeartbeatRequestData hb = new HeartbeatRequestData().setGroupId("g").setMemberId(oldId).setGroupInstanceId("instance-a").setGenerationId(1);
        assertThat(group.onHeartbeat(hb, nowMs)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(join(oldId, "instance-a", 9, "range").error()).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(leave(new LeaveGroupRequestData.MemberIdentity().setMemberId(oldId).setGroupInstanceId("instance-a")))
                .extracting(LeaveGroupResponseData.MemberResponse::errorCode).containsExactly(Errors.FENCED_INSTANCE_ID.code());
    }

    @Test
    void shouldRebalanceWhenStaticMemberRejoinsWithNewSubscription() {
        JoinResult a = join("", "instance-a", 9, "range");
        String oldId = a.response.memberId();
        sync(oldId, 1, Map.of(oldId, "A"));
        JoinResult again = join("", "instance-a", 9, "range", "cooperative-sticky");
        assertThat(again.response.generationId()).isEqualTo(2);
        assertThat(group.state()).isEqualTo(ClassicGroupState.COMPLETING_REBALANCE);
    }

    @Test
    void shouldExpirePendingMemberIdWhenClientNeverRejoins() {
        List<String> ids = stableGroupOfTwo();
        join("", "range"); // MEMBER_ID_REQUIRED, never followed up
        assertThat(heartbeat(ids.get(0), 2)).isEqualTo(Errors.NONE);
        advance(SESSION_MS);
        assertThat(group.nextDeadlineMs()).isGreaterThan(nowMs);
        assertThat(group.state()).isNotEqualTo(ClassicGroupState.PREPARING_REBALANCE);
    }

    @Test
    void shouldAcceptOffsetCommitOnlyFromCurrentGenerationMembers() {
        List<String> ids = stableGroupOfTwo();
        assertThat(group.validateOffsetCommit(ids.get(1), null, 2)).isEqualTo(Errors.NONE);
        assertThat(group.validateOffsetCommit(ids.get(1), null, 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(group.validateOffsetCommit("ghost", null, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.validateOffsetCommit("", null, -1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        ClassicGroup empty = newGroup(0);
        assertThat(empty.validateOffsetCommit("", null, -1)).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldRefuseToDeleteGroupWhenItHasMembers() {
        stableGroupOfTwo();
        assertThat(group.markDead()).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(newGroup(0).markDead()).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldContinueAsStableGroupWhenLoadedFromImage() {
        List<String> ids = stableGroupOfTwo();
        List<GroupRecord> records = group.drainRecords();
        GroupRecord r = records.get(records.size() - 1);
        group = ClassicGroup.fromImage(new GroupImage(r.groupId(), r.protocolType(), r.protocol(), r.generation(), r.leader(),
                r.members()), new GroupCoordinatorConfig(0, 6_000, 300_000, 50, 0), () -> "x", nowMs);
        assertThat(group.state()).isEqualTo(ClassicGroupState.STABLE);
        assertThat(heartbeat(ids.get(1), 2)).isEqualTo(Errors.NONE);
        SyncResult s = sync(ids.get(1), 2, Map.of());
        assertThat(new String(s.response.assignment(), StandardCharsets.UTF_8)).isEqualTo("B");
        List<String> seen = new ArrayList<>();
        group.members().forEach(m -> seen.add(m.memberId));
        assertThat(seen).containsExactlyElementsOf(ids);
    }
}
