package io.tributary.broker.group.consumer;

import io.tributary.metadata.record.ConsumerGroupMemberRecord;
import io.tributary.metadata.record.ConsumerGroupRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The state machine of one KIP-848 consumer group. A heartbeat may change a member's subscription
 * or the subscribed topics' partition counts, which bumps the group epoch; the target assignment is
 * then recomputed by the group's assignor in that epoch, and each member reconciles towards its
 * target on its own heartbeats ({@link MemberReconciler}). Members that stop heartbeating for the
 * session timeout, or do not revoke within their rebalance timeout, are removed by {@link #tick}.
 *
 * <p>Single-threaded and pure: time comes in as {@code nowMs}, topics through {@link TopicLookup}.
 * Every change marks the group dirty; {@link #drainRecord()} then returns its full state to persist.
 */
public final class ConsumerGroup {
    /** A member removed by {@link #tick}, and why. */
    public record Expired(String memberId, String reason) {
    }

    private final String groupId;
    private final ConsumerGroupConfig config;
    private final Supplier<String> memberIds;
    private int groupEpoch;
    private int assignmentEpoch;
    private final TreeMap<String, ConsumerGroupMember> members = new TreeMap<>();
    private final Map<String, Map<Uuid, Set<Integer>>> target = new HashMap<>();
    private Map<String, Integer> subscribedTopicPartitions = Map.of();
    private final Map<String, Long> sessionDeadlines = new HashMap<>();
    private final Map<String, Long> revocationDeadlines = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();
    private boolean dirty;

    public ConsumerGroup(String groupId, ConsumerGroupConfig config, Supplier<String> memberIds) {
        this.groupId = groupId;
        this.config = config;
        this.memberIds = memberIds;
    }

    /** The group as persisted; every member gets a fresh session (and rebalance) deadline from {@code nowMs}. */
    public static ConsumerGroup fromRecord(ConsumerGroupRecord record, ConsumerGroupConfig config, Supplier<String> memberIds,
                                           long nowMs) {
        ConsumerGroup g = new ConsumerGroup(record.groupId(), config, memberIds);
        g.groupEpoch = record.groupEpoch();
        g.assignmentEpoch = record.assignmentEpoch();
        g.subscribedTopicPartitions = Map.copyOf(record.subscribedTopicPartitions());
        for (ConsumerGroupMemberRecord m : record.members()) {
            ConsumerGroupMember member = new ConsumerGroupMember(m.memberId(), m.instanceId(), m.rackId(), m.clientId(),
                    m.clientHost(), m.rebalanceTimeoutMs(), m.subscribedTopicNames(), m.subscribedTopicRegex(),
                    m.serverAssignor(), m.memberEpoch(), m.previousMemberEpoch(), MemberState.valueOf(m.state()),
                    Partitions.copyOf(m.assigned()), Partitions.copyOf(m.pendingRevocation()));
            g.members.put(member.memberId(), member);
            g.target.put(member.memberId(), Partitions.copyOf(m.target()));
            g.sessionDeadlines.put(member.memberId(), nowMs + config.sessionTimeoutMs());
            if (member.state() == MemberState.UNREVOKED_PARTITIONS) {
                g.revocationDeadlines.put(member.memberId(), nowMs + member.rebalanceTimeoutMs());
            }
        }
        return g;
    }

    public String groupId() {
        return groupId;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    public int assignmentEpoch() {
        return assignmentEpoch;
    }

    public Collection<ConsumerGroupMember> members() {
        return members.values();
    }

    public ConsumerGroupMember member(String memberId) {
        return members.get(memberId);
    }

    public Map<Uuid, Set<Integer>> targetOf(String memberId) {
        return target.getOrDefault(memberId, Partitions.NONE);
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The assignor computing this group's targets: the one most members ask for, else the configured default. */
    public String assignorName() {
        Map<String, Integer> votes = new TreeMap<>();
        members.values().forEach(m -> {
            if (m.serverAssignor() != null && !m.serverAssignor().isEmpty()) {
                votes.merge(m.serverAssignor(), 1, Integer::sum);
            }
        });
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(config.defaultAssignor());
    }

    /** Kafka's consumer group states: Empty, Assigning, Reconciling, Stable. */
    public String state() {
        if (members.isEmpty()) {
            return "Empty";
        }
        if (groupEpoch > assignmentEpoch) {
            return "Assigning";
        }
        boolean reconciled = members.values().stream()
                .allMatch(m -> m.memberEpoch() == assignmentEpoch && m.state() == MemberState.STABLE);
        return reconciled ? "Stable" : "Reconciling";
    }

    // ---------------------------------------------------------------- heartbeat

    /** Checks what does not depend on the group's state (Kafka's INVALID_REQUEST cases). */
    public static ApiException invalidRequest(ConsumerGroupHeartbeatRequestData req, int version) {
        if (req.groupId() == null || req.groupId().isEmpty()) {
            return Errors.INVALID_REQUEST.exception("GroupId can't be empty.");
        }
        if (req.instanceId() != null && req.instanceId().isEmpty()) {
            return Errors.INVALID_REQUEST.exception("InstanceId can't be empty.");
        }
        if (req.rackId() != null && req.rackId().isEmpty()) {
            return Errors.INVALID_REQUEST.exception("RackId can't be empty.");
        }
        boolean noMemberId = req.memberId() == null || req.memberId().isEmpty();
        if (noMemberId && (version >= 1 || req.memberEpoch() != 0)) {
            return Errors.INVALID_REQUEST.exception("MemberId can't be empty.");
        }
        if (req.memberEpoch() == 0) {
            if (req.rebalanceTimeoutMs() == -1) {
                return Errors.INVALID_REQUEST.exception("RebalanceTimeoutMs must be provided in first request.");
            }
            if (req.topicPartitions() != null && !req.topicPartitions().isEmpty()) {
                return Errors.INVALID_REQUEST.exception("TopicPartitions must be empty when (re-)joining.");
            }
            if (req.subscribedTopicNames() == null && req.subscribedTopicRegex() == null) {
                return Errors.INVALID_REQUEST.exception("SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
            }
        } else if (req.memberEpoch() == ConsumerGroupMember.LEFT_STATIC) {
            if (req.instanceId() == null) {
                return Errors.INVALID_REQUEST.exception("InstanceId can't be null.");
            }
        } else if (req.memberEpoch() < -2) {
            return Errors.INVALID_REQUEST.exception("MemberEpoch is invalid.");
        }
        if (req.subscribedTopicRegex() != null && !req.subscribedTopicRegex().isEmpty()) {
            try {
                Pattern.compile(req.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                return Errors.INVALID_REGULAR_EXPRESSION.exception("SubscribedTopicRegex is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        return null;
    }

    /** Handles one heartbeat; an error comes back as the response's error code and message. */
    public ConsumerGroupHeartbeatResponseData onHeartbeat(ConsumerGroupHeartbeatRequestData req, int version, String clientId,
                                                          String clientHost, long nowMs, TopicLookup topics) {
        try {
            ApiException invalid = invalidRequest(req, version);
            if (invalid != null) {
                throw invalid;
            }
            if (req.serverAssignor() != null && !config.assignors().contains(req.serverAssignor())) {
                throw Errors.UNSUPPORTED_ASSIGNOR.exception("ServerAssignor " + req.serverAssignor() + " is not supported. "
                        + "Supported assignors: " + String.join(", ", config.assignors()) + ".");
            }
            if (req.memberEpoch() == -1) {
                return leave(req, topics);
            }
            if (req.memberEpoch() == ConsumerGroupMember.LEFT_STATIC) {
                return leaveTemporarily(req, nowMs);
            }
            return heartbeat(req, clientId, clientHost, nowMs, topics);
        } catch (ApiException e) {
            return new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.forException(e).code())
                    .setErrorMessage(e.getMessage()).setMemberId(req.memberId());
        }
    }

    private ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroupHeartbeatRequestData req, String clientId,
                                                         String clientHost, long nowMs, TopicLookup topics) {
        boolean joining = req.memberEpoch() == 0;
        String memberId = req.memberId() == null || req.memberId().isEmpty() ? memberIds.get() : req.memberId();
        ConsumerGroupMember member = joining ? joiningMember(memberId, req.instanceId()) : knownMember(req);
        boolean bump = !members.containsKey(member.memberId()) && target.get(member.memberId()) == null;
        ConsumerGroupMember before = members.get(member.memberId());

        member = member.withMetadata(req.instanceId() != null ? req.instanceId() : member.instanceId(),
                req.rackId() != null ? req.rackId() : member.rackId(), clientId, clientHost,
                req.rebalanceTimeoutMs() != -1 ? req.rebalanceTimeoutMs() : member.rebalanceTimeoutMs());
        List<String> names = req.subscribedTopicNames() != null ? req.subscribedTopicNames() : member.subscribedTopicNames();
        String regex = req.subscribedTopicRegex() != null ? emptyToNull(req.subscribedTopicRegex()) : member.subscribedTopicRegex();
        String assignor = req.serverAssignor() != null ? req.serverAssignor() : member.serverAssignor();
        if (!new TreeSet<>(names).equals(new TreeSet<>(member.subscribedTopicNames()))
                || !Objects.equals(regex, member.subscribedTopicRegex()) || !Objects.equals(assignor, member.serverAssignor())) {
            member = member.withSubscription(List.copyOf(new TreeSet<>(names)), regex, assignor);
            bump = true;
        }
        members.put(member.memberId(), member);
        Map<String, Integer> partitionCounts = subscribedTopicPartitions(topics);
        if (!partitionCounts.equals(subscribedTopicPartitions)) {
            subscribedTopicPartitions = partitionCounts;
            bump = true;
        }
        if (bump) {
            groupEpoch++;
            dirty = true;
        }
        maybeComputeTarget(topics);

        Map<Uuid, Set<Integer>> owned = Partitions.fromRequest(req.topicPartitions());
        String id = member.memberId();
        ConsumerGroupMember reconciled = MemberReconciler.reconcile(member, assignmentEpoch, targetOf(id), owned,
                (topic, p) -> ownedByOther(id, topic, p));
        members.put(id, reconciled);
        if (!reconciled.equals(before)) {
            dirty = true;
        }
        sessionDeadlines.put(id, nowMs + config.sessionTimeoutMs());
        if (reconciled.state() != MemberState.UNREVOKED_PARTITIONS) {
            revocationDeadlines.remove(id);
        } else if (before == null || before.state() != MemberState.UNREVOKED_PARTITIONS) {
            revocationDeadlines.put(id, nowMs + reconciled.rebalanceTimeoutMs());
        }

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData().setMemberId(id)
                .setMemberEpoch(reconciled.memberEpoch()).setHeartbeatIntervalMs(config.heartbeatIntervalMs());
        boolean changed = before == null || before.memberEpoch() != reconciled.memberEpoch()
                || !before.assigned().equals(reconciled.assigned());
        if (joining || changed || (owned != null && !owned.equals(reconciled.assigned()))) {
            response.setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment()
                    .setTopicPartitions(Partitions.toResponse(reconciled.assigned())));
        }
        return response;
    }

    /** The member a join (epoch 0) speaks for: new, rejoining after it lost its partitions, or replacing a static member. */
    private ConsumerGroupMember joiningMember(String memberId, String instanceId) {
        ConsumerGroupMember prior = instanceId == null ? null : staticMember(instanceId);
        if (prior != null && !prior.memberId().equals(memberId)) {
            if (prior.memberEpoch() != ConsumerGroupMember.LEFT_STATIC) {
                throw Errors.UNRELEASED_INSTANCE_ID.exception("Static member " + prior.memberId() + " with instance id "
                        + instanceId + " is still in the group.");
            }
            // The replacement takes over the assignment of the instance it replaces: no rebalance.
            members.remove(prior.memberId());
            Map<Uuid, Set<Integer>> priorTarget = target.remove(prior.memberId());
            target.put(memberId, priorTarget == null ? Partitions.NONE : priorTarget);
            sessionDeadlines.remove(prior.memberId());
            revocationDeadlines.remove(prior.memberId());
            dirty = true;
            return prior.withMemberId(memberId).withAssignment(prior.previousMemberEpoch(), prior.previousMemberEpoch(),
                    MemberState.STABLE, prior.assigned(), Partitions.NONE);
        }
        ConsumerGroupMember existing = members.get(memberId);
        if (existing == null) {
            if (members.size() >= config.maxSize()) {
                throw Errors.GROUP_MAX_SIZE_REACHED.exception("The consumer group has reached its maximum capacity of "
                        + config.maxSize() + " members.");
            }
            return ConsumerGroupMember.joining(memberId);
        }
        // A member rejoining with epoch 0 has dropped its partitions.
        return existing.withAssignment(0, 0, MemberState.STABLE, Partitions.NONE, Partitions.NONE);
    }

    private ConsumerGroupMember knownMember(ConsumerGroupHeartbeatRequestData req) {
        ConsumerGroupMember member = members.get(req.memberId());
        if (member == null) {
            throw Errors.UNKNOWN_MEMBER_ID.exception("Member " + req.memberId() + " is not a member of group " + groupId + ".");
        }
        int received = req.memberEpoch();
        if (received > member.memberEpoch()) {
            throw Errors.FENCED_MEMBER_EPOCH.exception("The consumer group member has a greater epoch (" + received
                    + ") than the one known by the group coordinator (" + member.memberEpoch() + ").");
        }
        if (received < member.memberEpoch()) {
            // A lost response: the member may still be on its previous epoch if it owns nothing it should not.
            Map<Uuid, Set<Integer>> owned = Partitions.fromRequest(req.topicPartitions());
            if (received != member.previousMemberEpoch() || owned == null
                    || !Partitions.minus(owned, member.assigned()).isEmpty()) {
                throw Errors.FENCED_MEMBER_EPOCH.exception("The consumer group member has a smaller epoch (" + received
                        + ") than the one known by the group coordinator (" + member.memberEpoch() + ").");
            }
        }
        return member;
    }

    private ConsumerGroupHeartbeatResponseData leave(ConsumerGroupHeartbeatRequestData req, TopicLookup topics) {
        ConsumerGroupMember member = members.get(req.memberId());
        if (member == null) {
            throw Errors.UNKNOWN_MEMBER_ID.exception("Member " + req.memberId() + " is not a member of group " + groupId + ".");
        }
        if (req.instanceId() != null && !req.instanceId().equals(member.instanceId())) {
            throw Errors.FENCED_INSTANCE_ID.exception("Instance id " + req.instanceId() + " does not belong to member "
                    + req.memberId() + ".");
        }
        remove(member.memberId(), topics);
        return new ConsumerGroupHeartbeatResponseData().setMemberId(member.memberId()).setMemberEpoch(-1);
    }

    /** A static member leaving with epoch -2: it keeps its partitions until it is back or its session expires. */
    private ConsumerGroupHeartbeatResponseData leaveTemporarily(ConsumerGroupHeartbeatRequestData req, long nowMs) {
        ConsumerGroupMember member = staticMember(req.instanceId());
        if (member == null) {
            throw Errors.UNKNOWN_MEMBER_ID.exception("Instance id " + req.instanceId() + " is unknown.");
        }
        if (!member.memberId().equals(req.memberId())) {
            throw Errors.FENCED_INSTANCE_ID.exception("Instance id " + req.instanceId() + " belongs to another member.");
        }
        members.put(member.memberId(), member.withAssignment(ConsumerGroupMember.LEFT_STATIC, member.memberEpoch(),
                member.state(), member.assigned(), member.pendingRevocation()));
        sessionDeadlines.put(member.memberId(), nowMs + config.sessionTimeoutMs());
        revocationDeadlines.remove(member.memberId());
        dirty = true;
        return new ConsumerGroupHeartbeatResponseData().setMemberId(member.memberId())
                .setMemberEpoch(ConsumerGroupMember.LEFT_STATIC);
    }

    // ---------------------------------------------------------------- time

    /** Removes members whose session or revocation deadline has passed. */
    public List<Expired> tick(long nowMs, TopicLookup topics) {
        List<Expired> expired = new ArrayList<>();
        sessionDeadlines.forEach((id, deadline) -> {
            if (nowMs >= deadline) {
                expired.add(new Expired(id, "session timeout"));
            }
        });
        revocationDeadlines.forEach((id, deadline) -> {
            if (nowMs >= deadline && expired.stream().noneMatch(e -> e.memberId().equals(id))) {
                expired.add(new Expired(id, "rebalance timeout (partitions not revoked)"));
            }
        });
        expired.forEach(e -> remove(e.memberId(), topics));
        return expired;
    }

    // ---------------------------------------------------------------- offsets

    /** An offset commit from {@code memberId} in {@code memberEpoch}; -1 and no member id is a commit from outside the group. */
    public Errors validateOffsetCommit(String memberId, int memberEpoch) {
        if (memberEpoch < 0 && (memberId == null || memberId.isEmpty())) {
            return members.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        ConsumerGroupMember member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        // The previous epoch too: a commit racing the heartbeat that moved the member on.
        return memberEpoch == member.memberEpoch() || memberEpoch == member.previousMemberEpoch()
                ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }

    /** The topics the members subscribe to, resolved against the image. */
    public Set<String> subscribedTopicNames(TopicLookup topics) {
        Set<String> names = new HashSet<>();
        members.values().forEach(m -> names.addAll(resolve(m, topics)));
        return names;
    }

    // ---------------------------------------------------------------- persistence

    /** The group's state to persist if it changed since the last call, else null. */
    public ConsumerGroupRecord drainRecord() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        return toRecord();
    }

    public ConsumerGroupRecord toRecord() {
        List<ConsumerGroupMemberRecord> persisted = new ArrayList<>();
        members.values().forEach(m -> persisted.add(new ConsumerGroupMemberRecord(m.memberId(), m.instanceId(), m.rackId(),
                m.clientId(), m.clientHost(), m.rebalanceTimeoutMs(), m.subscribedTopicNames(), m.subscribedTopicRegex(),
                m.serverAssignor(), m.memberEpoch(), m.previousMemberEpoch(), m.state().name(),
                Partitions.toRecord(m.assigned()), Partitions.toRecord(m.pendingRevocation()),
                Partitions.toRecord(targetOf(m.memberId())))));
        return new ConsumerGroupRecord(groupId, groupEpoch, assignmentEpoch, subscribedTopicPartitions, persisted);
    }

    // ---------------------------------------------------------------- internals

    private void remove(String memberId, TopicLookup topics) {
        members.remove(memberId);
        target.remove(memberId);
        sessionDeadlines.remove(memberId);
        revocationDeadlines.remove(memberId);
        subscribedTopicPartitions = subscribedTopicPartitions(topics);
        groupEpoch++;
        dirty = true;
        maybeComputeTarget(topics);
    }

    private ConsumerGroupMember staticMember(String instanceId) {
        return members.values().stream().filter(m -> instanceId.equals(m.instanceId())).findFirst().orElse(null);
    }

    private boolean ownedByOther(String memberId, Uuid topic, int partition) {
        for (ConsumerGroupMember m : members.values()) {
            if (!m.memberId().equals(memberId) && (Partitions.contains(m.assigned(), topic, partition)
                    || Partitions.contains(m.pendingRevocation(), topic, partition))) {
                return true;
            }
        }
        return false;
    }

    private void maybeComputeTarget(TopicLookup topics) {
        if (groupEpoch <= assignmentEpoch) {
            return;
        }
        SortedMap<String, PartitionAssignor.MemberSpec> specs = new TreeMap<>();
        Map<Uuid, Integer> counts = new HashMap<>();
        for (ConsumerGroupMember m : members.values()) {
            Set<Uuid> ids = new HashSet<>();
            for (String name : resolve(m, topics)) {
                TopicLookup.TopicMeta t = topics.byName(name);
                ids.add(t.id());
                counts.put(t.id(), t.partitions());
            }
            specs.put(m.memberId(), new PartitionAssignor.MemberSpec(ids, targetOf(m.memberId())));
        }
        Map<String, Map<Uuid, Set<Integer>>> assigned =
                assignor(assignorName()).assign(new PartitionAssignor.AssignmentSpec(specs, counts));
        target.clear();
        members.keySet().forEach(id -> target.put(id, assigned.getOrDefault(id, Partitions.NONE)));
        assignmentEpoch = groupEpoch;
        dirty = true;
    }

    private static PartitionAssignor assignor(String name) {
        return RangeAssignor.NAME.equals(name) ? new RangeAssignor() : new UniformAssignor();
    }

    /** The existing topics a member subscribes to, by name or by regex. */
    private Set<String> resolve(ConsumerGroupMember m, TopicLookup topics) {
        Set<String> names = new TreeSet<>();
        m.subscribedTopicNames().forEach(n -> {
            if (topics.byName(n) != null) {
                names.add(n);
            }
        });
        if (m.subscribedTopicRegex() != null) {
            Pattern p = patterns.computeIfAbsent(m.subscribedTopicRegex(), Pattern::compile);
            topics.names().forEach(n -> {
                if (p.matcher(n).matches()) {
                    names.add(n);
                }
            });
        }
        return names;
    }

    private Map<String, Integer> subscribedTopicPartitions(TopicLookup topics) {
        Map<String, Integer> counts = new TreeMap<>();
        subscribedTopicNames(topics).forEach(n -> counts.put(n, topics.byName(n).partitions()));
        return counts;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
