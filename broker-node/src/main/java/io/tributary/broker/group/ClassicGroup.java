package io.tributary.broker.group;

import io.tributary.metadata.image.GroupImage;
import io.tributary.metadata.record.GroupMember;
import io.tributary.metadata.record.GroupRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * One classic consumer group's state machine (see {@link ClassicGroupState} for the transitions):
 * JoinGroup with the KIP-394 member-id handshake, protocol selection, the delayed initial rebalance
 * (KIP-134), SyncGroup, Heartbeat, LeaveGroup, session and rebalance deadlines, and static
 * membership (KIP-345). Pure: time comes in as {@code nowMs}, member ids from an injected supplier,
 * answers go to the responders passed with each request, and persisted transitions (a completed
 * rebalance, a static member's new id, the group becoming empty) are queued as {@link GroupRecord}s
 * for the driver to write ({@link #drainRecords()}). Not thread-safe; confined to the coordinator's
 * thread.
 */
final class ClassicGroup {
    private final String groupId;
    private final GroupCoordinatorConfig config;
    private final Supplier<String> uuids;
    private final Map<String, ClassicGroupMember> members = new LinkedHashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED, until they join or their session expires. */
    private final Map<String, Long> pendingMembers = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new LinkedHashMap<>();
    private final List<GroupRecord> records = new ArrayList<>();
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private String protocolType;
    private String protocolName;
    private int generationId;
    private String leaderId;
    private long joinDeadlineMs;
    /** The latest the initial (delayed) rebalance may be extended to; -1 when not in one. */
    private long initialRebalanceLimitMs = -1;
    private boolean joinedDuringInitialDelay;
    private long syncDeadlineMs;

    ClassicGroup(String groupId, GroupCoordinatorConfig config, Supplier<String> uuids) {
        this.groupId = groupId;
        this.config = config;
        this.uuids = uuids;
    }

    /** The group as a previous coordinator persisted it; its members get a fresh session. */
    static ClassicGroup fromImage(GroupImage image, GroupCoordinatorConfig config, Supplier<String> uuids, long nowMs) {
        ClassicGroup g = new ClassicGroup(image.groupId(), config, uuids);
        g.protocolType = image.protocolType();
        g.protocolName = image.protocol();
        g.generationId = image.generation();
        g.leaderId = image.leader();
        for (GroupMember m : image.members()) {
            Map<String, byte[]> protocols = new LinkedHashMap<>();
            protocols.put(image.protocol(), m.subscription() == null ? new byte[0] : m.subscription());
            ClassicGroupMember member = new ClassicGroupMember(m.memberId(), m.groupInstanceId(), m.clientId(),
                    m.clientHost(), m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), protocols);
            member.assignment = m.assignment() == null ? new byte[0] : m.assignment();
            member.sessionDeadlineMs = nowMs + m.sessionTimeoutMs();
            g.members.put(member.memberId, member);
            if (member.isStatic()) {
                g.staticMembers.put(member.groupInstanceId, member.memberId);
            }
        }
        g.state = g.members.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE;
        return g;
    }

    // ---------------------------------------------------------------- JoinGroup

    /**
     * A JoinGroup. {@code request.rebalanceTimeoutMs} must already be set (v0 uses the session
     * timeout). The response goes to {@code respond}, now or when the rebalance completes.
     */
    void onJoin(JoinGroupRequestData request, int version, String clientId, String clientHost, long nowMs,
                Consumer<JoinGroupResponseData> respond) {
        if (state == ClassicGroupState.DEAD) {
            respond.accept(joinError(request.memberId(), Errors.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs() || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            respond.accept(joinError(request.memberId(), Errors.INVALID_SESSION_TIMEOUT));
            return;
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        request.protocols().forEach(p -> protocols.putIfAbsent(p.name(), p.metadata()));
        boolean known = !request.memberId().isEmpty();
        ClassicGroupMember existing = known ? members.get(request.memberId()) : null;
        if (!supportsProtocols(request.protocolType(), protocols, existing)) {
            respond.accept(joinError(request.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        if (!known) {
            joinUnknownMember(request, version, protocols, clientId, clientHost, nowMs, respond);
        } else {
            joinKnownMember(request, version, protocols, clientId, clientHost, nowMs, respond);
        }
    }

    private void joinUnknownMember(JoinGroupRequestData request, int version, Map<String, byte[]> protocols,
                                   String clientId, String clientHost, long nowMs, Consumer<JoinGroupResponseData> respond) {
        String newMemberId = clientId + "-" + uuids.get();
        String instanceId = request.groupInstanceId();
        if (instanceId != null && staticMembers.containsKey(instanceId)) {
            replaceStaticMember(instanceId, newMemberId, request, version, protocols, nowMs, respond);
        } else if (instanceId == null && version >= 4) {
            // KIP-394: the client must come back with this id, so a retried join cannot leave an orphan member.
            pendingMembers.put(newMemberId, nowMs + request.sessionTimeoutMs());
            respond.accept(joinError(newMemberId, Errors.MEMBER_ID_REQUIRED));
        } else {
            addMemberAndRebalance(newMemberId, request, protocols, clientId, clientHost, nowMs, respond);
        }
    }

    private void joinKnownMember(JoinGroupRequestData request, int version, Map<String, byte[]> protocols,
                                 String clientId, String clientHost, long nowMs, Consumer<JoinGroupResponseData> respond) {
        String memberId = request.memberId();
        if (request.groupInstanceId() == null && pendingMembers.remove(memberId) != null) {
            addMemberAndRebalance(memberId, request, protocols, clientId, clientHost, nowMs, respond);
            return;
        }
        Errors error = validateMember(memberId, request.groupInstanceId());
        if (error != Errors.NONE) {
            respond.accept(joinError(memberId, error));
            return;
        }
        ClassicGroupMember member = members.get(memberId);
        switch (state) {
            case PREPARING_REBALANCE -> {
                updateMember(member, request, protocols, respond);
                tryCompleteJoin(nowMs);
            }
            case COMPLETING_REBALANCE -> {
                if (member.sameProtocols(protocols)) {
                    // A retry of a join that already completed: answer it again.
                    respond.accept(joinResponse(member));
                } else {
                    updateMember(member, request, protocols, respond);
                    prepareRebalance(nowMs);
                }
            }
            case STABLE -> {
                if (memberId.equals(leaderId) || !member.sameProtocols(protocols)) {
                    // The leader rejoining, or new metadata (e.g. a changed subscription), needs a new assignment.
                    updateMember(member, request, protocols, respond);
                    prepareRebalance(nowMs);
                } else {
                    member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs;
                    respond.accept(joinResponse(member));
                }
            }
            default -> respond.accept(joinError(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private void addMemberAndRebalance(String memberId, JoinGroupRequestData request, Map<String, byte[]> protocols,
                                       String clientId, String clientHost, long nowMs, Consumer<JoinGroupResponseData> respond) {
        ClassicGroupMember member = new ClassicGroupMember(memberId, request.groupInstanceId(), clientId, clientHost,
                request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), protocols);
        member.awaitingJoin = respond;
        member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs;
        if (members.isEmpty()) {
            protocolType = request.protocolType();
        }
        members.put(memberId, member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId, memberId);
        }
        if (leaderId == null) {
            leaderId = memberId;
        }
        if (state == ClassicGroupState.PREPARING_REBALANCE) {
            joinedDuringInitialDelay = true;
            tryCompleteJoin(nowMs);
        } else {
            prepareRebalance(nowMs);
        }
    }

    /** KIP-345: a static member rejoining with a new id replaces its old incarnation, which is fenced. */
    private void replaceStaticMember(String instanceId, String newMemberId, JoinGroupRequestData request, int version,
                                     Map<String, byte[]> protocols, long nowMs, Consumer<JoinGroupResponseData> respond) {
        String oldMemberId = staticMembers.get(instanceId);
        ClassicGroupMember old = members.remove(oldMemberId);
        if (old.awaitingJoin != null) {
            old.awaitingJoin.accept(joinError(oldMemberId, Errors.FENCED_INSTANCE_ID));
        }
        if (old.awaitingSync != null) {
            old.awaitingSync.accept(syncError(Errors.FENCED_INSTANCE_ID));
        }
        ClassicGroupMember member = old.withId(newMemberId);
        members.put(newMemberId, member);
        staticMembers.put(instanceId, newMemberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        member.sessionDeadlineMs = nowMs + request.sessionTimeoutMs();
        boolean sameProtocols = old.sameProtocols(protocols);
        member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        member.sessionTimeoutMs = request.sessionTimeoutMs();
        member.protocols = new LinkedHashMap<>(protocols);
        switch (state) {
            case STABLE -> {
                if (sameProtocols) {
                    // No rebalance: the new incarnation takes over the old one's assignment.
                    records.add(toRecord());
                    boolean leader = newMemberId.equals(leaderId);
                    boolean skip = leader && version >= 9;
                    respond.accept(new JoinGroupResponseData()
                            .setMemberId(newMemberId).setGenerationId(generationId)
                            .setProtocolType(protocolType).setProtocolName(protocolName)
                            .setLeader(leaderId).setSkipAssignment(skip)
                            .setMembers(skip ? memberList() : new ArrayList<>()));
                } else {
                    member.awaitingJoin = respond;
                    prepareRebalance(nowMs);
                }
            }
            case COMPLETING_REBALANCE -> {
                member.awaitingJoin = respond;
                prepareRebalance(nowMs);
            }
            default -> {
                member.awaitingJoin = respond;
                tryCompleteJoin(nowMs);
            }
        }
    }

    private void updateMember(ClassicGroupMember member, JoinGroupRequestData request, Map<String, byte[]> protocols,
                              Consumer<JoinGroupResponseData> respond) {
        member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        member.sessionTimeoutMs = request.sessionTimeoutMs();
        member.protocols = new LinkedHashMap<>(protocols);
        if (member.awaitingJoin != null && member.awaitingJoin != respond) {
            // A retried join replaces the earlier one, which is answered so the connection does not hang.
            member.awaitingJoin.accept(joinError(member.memberId, Errors.UNKNOWN_MEMBER_ID));
        }
        member.awaitingJoin = respond;
    }

    private boolean supportsProtocols(String type, Map<String, byte[]> protocols, ClassicGroupMember self) {
        if (type == null || type.isEmpty() || protocols.isEmpty()) {
            return false;
        }
        if (members.isEmpty() || (members.size() == 1 && self != null)) {
            return true;
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> common = commonProtocols(self);
        return protocols.keySet().stream().anyMatch(common::contains);
    }

    /** Protocols every member (but {@code except}) supports. */
    private Set<String> commonProtocols(ClassicGroupMember except) {
        Set<String> common = null;
        for (ClassicGroupMember m : members.values()) {
            if (m == except) {
                continue;
            }
            if (common == null) {
                common = new LinkedHashSet<>(m.protocolNames());
            } else {
                common.retainAll(m.protocolNames());
            }
        }
        return common == null ? Set.of() : common;
    }

    // ---------------------------------------------------------------- rebalance

    private void prepareRebalance(long nowMs) {
        if (state == ClassicGroupState.COMPLETING_REBALANCE) {
            resetAssignments(Errors.REBALANCE_IN_PROGRESS);
        }
        int rebalanceTimeoutMs = members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
        if (state == ClassicGroupState.EMPTY && config.initialRebalanceDelayMs() > 0) {
            // KIP-134: let more members arrive before the first assignment, extending up to the rebalance timeout.
            initialRebalanceLimitMs = nowMs + Math.max(rebalanceTimeoutMs, config.initialRebalanceDelayMs());
            joinDeadlineMs = nowMs + config.initialRebalanceDelayMs();
            joinedDuringInitialDelay = false;
        } else {
            initialRebalanceLimitMs = -1;
            joinDeadlineMs = nowMs + rebalanceTimeoutMs;
        }
        state = ClassicGroupState.PREPARING_REBALANCE;
        tryCompleteJoin(nowMs);
    }

    private void resetAssignments(Errors syncError) {
        for (ClassicGroupMember m : members.values()) {
            m.assignment = new byte[0];
            if (m.awaitingSync != null) {
                Consumer<SyncGroupResponseData> r = m.awaitingSync;
                m.awaitingSync = null;
                r.accept(syncError(syncError));
            }
        }
    }

    private void tryCompleteJoin(long nowMs) {
        if (state != ClassicGroupState.PREPARING_REBALANCE || initialRebalanceLimitMs >= 0) {
            return;
        }
        boolean allJoined = pendingMembers.isEmpty() && members.values().stream().allMatch(m -> m.awaitingJoin != null);
        if (allJoined) {
            completeJoin(nowMs);
        }
    }

    private void completeJoin(long nowMs) {
        for (ClassicGroupMember m : List.copyOf(members.values())) {
            if (m.awaitingJoin == null) {
                // Missed the rebalance deadline: dropped, as Kafka drops it.
                removeMemberOnly(m);
            }
        }
        initialRebalanceLimitMs = -1;
        generationId++;
        if (members.isEmpty()) {
            state = ClassicGroupState.EMPTY;
            protocolName = null;
            leaderId = null;
            records.add(toRecord());
            return;
        }
        protocolName = selectProtocol();
        if (leaderId == null || !members.containsKey(leaderId)) {
            leaderId = members.keySet().iterator().next();
        }
        state = ClassicGroupState.COMPLETING_REBALANCE;
        syncDeadlineMs = nowMs + members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
        for (ClassicGroupMember m : members.values()) {
            Consumer<JoinGroupResponseData> r = m.awaitingJoin;
            m.awaitingJoin = null;
            m.sessionDeadlineMs = nowMs + m.sessionTimeoutMs;
            r.accept(joinResponse(m));
        }
    }

    /** Each member votes for its most preferred protocol that all members support; the most votes wins. */
    private String selectProtocol() {
        Set<String> candidates = commonProtocols(null);
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (ClassicGroupMember m : members.values()) {
            m.protocolNames().stream().filter(candidates::contains).findFirst().ifPresent(p -> votes.merge(p, 1, Integer::sum));
        }
        String best = null;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private JoinGroupResponseData joinResponse(ClassicGroupMember member) {
        boolean leader = member.memberId.equals(leaderId);
        return new JoinGroupResponseData()
                .setMemberId(member.memberId).setGenerationId(generationId)
                .setProtocolType(protocolType).setProtocolName(protocolName)
                .setLeader(leaderId).setSkipAssignment(false)
                .setMembers(leader ? memberList() : new ArrayList<>());
    }

    private List<JoinGroupResponseData.JoinGroupResponseMember> memberList() {
        List<JoinGroupResponseData.JoinGroupResponseMember> list = new ArrayList<>();
        for (ClassicGroupMember m : members.values()) {
            list.add(new JoinGroupResponseData.JoinGroupResponseMember().setMemberId(m.memberId)
                    .setGroupInstanceId(m.groupInstanceId).setMetadata(m.metadata(protocolName)));
        }
        return list;
    }

    // ---------------------------------------------------------------- SyncGroup

    void onSync(SyncGroupRequestData request, long nowMs, Consumer<SyncGroupResponseData> respond) {
        if (state == ClassicGroupState.DEAD) {
            respond.accept(syncError(Errors.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        Errors error = validateMember(request.memberId(), request.groupInstanceId());
        if (error == Errors.NONE && request.generationId() != generationId) {
            error = Errors.ILLEGAL_GENERATION;
        }
        if (error == Errors.NONE && ((request.protocolType() != null && !request.protocolType().equals(protocolType))
                || (request.protocolName() != null && !request.protocolName().equals(protocolName)))) {
            error = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error != Errors.NONE) {
            respond.accept(syncError(error));
            return;
        }
        ClassicGroupMember member = members.get(request.memberId());
        switch (state) {
            case PREPARING_REBALANCE -> respond.accept(syncError(Errors.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                member.awaitingSync = respond;
                member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs;
                if (member.memberId.equals(leaderId)) {
                    Map<String, byte[]> assignments = new LinkedHashMap<>();
                    request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
                    for (ClassicGroupMember m : members.values()) {
                        m.assignment = assignments.getOrDefault(m.memberId, new byte[0]);
                    }
                    state = ClassicGroupState.STABLE;
                    records.add(toRecord());
                    for (ClassicGroupMember m : members.values()) {
                        if (m.awaitingSync != null) {
                            Consumer<SyncGroupResponseData> r = m.awaitingSync;
                            m.awaitingSync = null;
                            r.accept(syncResponse(m));
                        }
                    }
                }
            }
            case STABLE -> {
                member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs;
                respond.accept(syncResponse(member));
            }
            default -> respond.accept(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private SyncGroupResponseData syncResponse(ClassicGroupMember m) {
        return new SyncGroupResponseData().setProtocolType(protocolType).setProtocolName(protocolName)
                .setAssignment(m.assignment);
    }

    // ---------------------------------------------------------------- Heartbeat, LeaveGroup

    Errors onHeartbeat(HeartbeatRequestData request, long nowMs) {
        if (state == ClassicGroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors error = validateMember(request.memberId(), request.groupInstanceId());
        if (error != Errors.NONE) {
            return error;
        }
        if (request.generationId() != generationId) {
            return Errors.ILLEGAL_GENERATION;
        }
        ClassicGroupMember member = members.get(request.memberId());
        member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs;
        return state == ClassicGroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /** Removes the given members (v3+ may name several); returns one response per member. */
    List<LeaveGroupResponseData.MemberResponse> onLeave(List<LeaveGroupRequestData.MemberIdentity> leaving, long nowMs) {
        List<LeaveGroupResponseData.MemberResponse> responses = new ArrayList<>();
        for (LeaveGroupRequestData.MemberIdentity id : leaving) {
            responses.add(new LeaveGroupResponseData.MemberResponse().setMemberId(id.memberId())
                    .setGroupInstanceId(id.groupInstanceId()).setErrorCode(leave(id, nowMs).code()));
        }
        return responses;
    }

    private Errors leave(LeaveGroupRequestData.MemberIdentity id, long nowMs) {
        if (state == ClassicGroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        String memberId = id.memberId();
        if (id.groupInstanceId() != null) {
            String current = staticMembers.get(id.groupInstanceId());
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !memberId.equals(current)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = current;
        } else if (pendingMembers.remove(memberId) != null) {
            tryCompleteJoin(nowMs);
            return Errors.NONE;
        }
        ClassicGroupMember member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndRebalance(member, nowMs);
        return Errors.NONE;
    }

    // ---------------------------------------------------------------- time

    /** Expires sessions, pending member ids and rebalance deadlines that passed by {@code nowMs}. */
    void tick(long nowMs) {
        pendingMembers.values().removeIf(deadline -> deadline <= nowMs);
        for (ClassicGroupMember m : List.copyOf(members.values())) {
            // A member waiting on a join or sync is not expected to heartbeat; the rebalance deadlines cover it.
            if (m.awaitingJoin == null && m.awaitingSync == null && m.sessionDeadlineMs <= nowMs && members.containsKey(m.memberId)) {
                removeMemberAndRebalance(m, nowMs);
            }
        }
        if (state == ClassicGroupState.PREPARING_REBALANCE && joinDeadlineMs <= nowMs) {
            if (initialRebalanceLimitMs >= 0 && joinedDuringInitialDelay && joinDeadlineMs < initialRebalanceLimitMs) {
                joinedDuringInitialDelay = false;
                joinDeadlineMs = Math.min(joinDeadlineMs + config.initialRebalanceDelayMs(), initialRebalanceLimitMs);
            } else {
                completeJoin(nowMs);
            }
        } else if (state == ClassicGroupState.PREPARING_REBALANCE) {
            tryCompleteJoin(nowMs);
        }
        if (state == ClassicGroupState.COMPLETING_REBALANCE && syncDeadlineMs <= nowMs) {
            // The leader never sent the assignment (or members never synced): drop the silent ones and start over.
            for (ClassicGroupMember m : List.copyOf(members.values())) {
                if (m.awaitingSync == null) {
                    removeMemberOnly(m);
                }
            }
            prepareRebalance(nowMs);
        }
    }

    /** The earliest time at which {@link #tick} has something to do. */
    long nextDeadlineMs() {
        long next = Long.MAX_VALUE;
        for (long d : pendingMembers.values()) {
            next = Math.min(next, d);
        }
        for (ClassicGroupMember m : members.values()) {
            if (m.awaitingJoin == null && m.awaitingSync == null) {
                next = Math.min(next, m.sessionDeadlineMs);
            }
        }
        if (state == ClassicGroupState.PREPARING_REBALANCE) {
            next = Math.min(next, joinDeadlineMs);
        } else if (state == ClassicGroupState.COMPLETING_REBALANCE) {
            next = Math.min(next, syncDeadlineMs);
        }
        return next;
    }

    private void removeMemberAndRebalance(ClassicGroupMember member, long nowMs) {
        removeMemberOnly(member);
        switch (state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(nowMs);
            case PREPARING_REBALANCE -> tryCompleteJoin(nowMs);
            default -> {
            }
        }
    }

    private void removeMemberOnly(ClassicGroupMember member) {
        members.remove(member.memberId);
        if (member.isStatic()) {
            staticMembers.remove(member.groupInstanceId, member.memberId);
        }
        if (member.awaitingJoin != null) {
            member.awaitingJoin.accept(joinError(member.memberId, Errors.UNKNOWN_MEMBER_ID));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            member.awaitingSync.accept(syncError(Errors.UNKNOWN_MEMBER_ID));
            member.awaitingSync = null;
        }
        if (member.memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    // ---------------------------------------------------------------- offsets, admin

    /**
     * Whether an OffsetCommit from this member in this generation is accepted. A commit without a
     * generation (admin tools, manual assignment) is accepted only while the group has no members.
     */
    Errors validateOffsetCommit(String memberId, String groupInstanceId, int generation) {
        if (state == ClassicGroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generation < 0 && state == ClassicGroupState.EMPTY) {
            return Errors.NONE;
        }
        if (generation >= 0 || (memberId != null && !memberId.isEmpty()) || groupInstanceId != null) {
            Errors error = validateMember(memberId, groupInstanceId);
            if (error != Errors.NONE) {
                return error;
            }
            if (generation != generationId) {
                return Errors.ILLEGAL_GENERATION;
            }
        } else {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return state == ClassicGroupState.COMPLETING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    private Errors validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            return current.equals(memberId) ? Errors.NONE : Errors.FENCED_INSTANCE_ID;
        }
        return members.containsKey(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    /** Marks the group deleted (DeleteGroups); only an empty group may be. */
    Errors markDead() {
        if (state != ClassicGroupState.EMPTY) {
            return state == ClassicGroupState.DEAD ? Errors.GROUP_ID_NOT_FOUND : Errors.NON_EMPTY_GROUP;
        }
        state = ClassicGroupState.DEAD;
        return Errors.NONE;
    }

    /**
     * This broker stopped coordinating the group: every waiting join and sync is answered with
     * {@code error} so the clients look for the new coordinator instead of waiting for a timeout.
     */
    void abandon(Errors error) {
        for (ClassicGroupMember m : members.values()) {
            if (m.awaitingJoin != null) {
                m.awaitingJoin.accept(joinError(m.memberId, error));
                m.awaitingJoin = null;
            }
            if (m.awaitingSync != null) {
                m.awaitingSync.accept(syncError(error));
                m.awaitingSync = null;
            }
        }
    }

    /** Records of persisted transitions since the last call, oldest first. */
    List<GroupRecord> drainRecords() {
        List<GroupRecord> out = List.copyOf(records);
        records.clear();
        return out;
    }

    GroupRecord toRecord() {
        List<GroupMember> persisted = new ArrayList<>();
        for (ClassicGroupMember m : members.values()) {
            persisted.add(new GroupMember(m.memberId, m.groupInstanceId, m.clientId, m.clientHost, m.rebalanceTimeoutMs,
                    m.sessionTimeoutMs, m.metadata(protocolName), m.assignment));
        }
        return new GroupRecord(groupId, protocolType == null ? "" : protocolType, protocolName, generationId, leaderId, persisted);
    }

    String groupId() {
        return groupId;
    }

    ClassicGroupState state() {
        return state;
    }

    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    int generationId() {
        return generationId;
    }

    String leaderId() {
        return leaderId;
    }

    /** Read-only view of the members, in join order. */
    Iterable<ClassicGroupMember> members() {
        return members.values();
    }

    int memberCount() {
        return members.size();
    }

    /** Empty with no member id handed out: nothing in memory that the image does not already hold. */
    boolean isIdle() {
        return state == ClassicGroupState.EMPTY && members.isEmpty() && pendingMembers.isEmpty();
    }

    private static JoinGroupResponseData joinError(String memberId, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId == null ? "" : memberId)
                .setGenerationId(-1).setLeader("").setMembers(new ArrayList<>());
    }

    private static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }
}
