package io.tributary.broker.group;

import io.tributary.metadata.image.CommittedOffset;
import io.tributary.metadata.image.CoordinatorShard;
import io.tributary.metadata.image.CoordinatorShards;
import io.tributary.metadata.image.GroupImage;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.record.GroupRecord;
import io.tributary.metadata.record.GroupTombstoneRecord;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.OffsetCommitRecord;
import io.tributary.metadata.record.OffsetDeleteRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import io.tributary.broker.group.consumer.ConsumerGroup;
import io.tributary.broker.group.consumer.TopicLookup;
import io.tributary.metadata.record.ConsumerGroupRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of one broker: hosts the classic groups of the coordinator shards this
 * broker leads in the metadata image, drives their {@link ClassicGroup} state machines and persists
 * their transitions and committed offsets through the quorum ({@link GroupStateWriter}), with the
 * shard's coordinator epoch so a deposed coordinator's writes are rejected.
 *
 * <p>Threading: every group operation runs on the coordinator's single thread; the public methods
 * only hand work to it and return futures. A group loaded under one coordinator epoch is reloaded
 * from the image when the epoch changes, and dropped (its waiting clients answered NOT_COORDINATOR)
 * when this broker stops leading its shard. Offsets are read from the local image, overlaid with
 * this coordinator's own acknowledged writes the image has not applied yet, so a client reads its
 * own commits.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final long TICK_MS = 50;
    /** Marks an offset deleted in the overlay until the image agrees. */
    private static final CommittedOffset DELETED = new CommittedOffset(-1, -1, null, -1);

    /** A group hosted here, classic ({@code group}) or KIP-848 ({@code consumer}), with the coordinator epoch it was loaded in. */
    private record Hosted(ClassicGroup group, ConsumerGroup consumer, int shardId, int epoch) {
        boolean isConsumer() {
            return consumer != null;
        }

        String groupId() {
            return consumer != null ? consumer.groupId() : group.groupId();
        }

        boolean isIdle() {
            return consumer != null ? consumer.isEmpty() : group.isIdle();
        }
    }

    /** A group as ListGroups shows it; {@code groupType} is "classic" or "consumer". */
    public record GroupListing(String groupId, String protocolType, String state, String groupType) {
    }

    /** The answer to a fetch of a group's committed offsets. */
    public record OffsetsResult(Errors error, Map<PartitionKey, CommittedOffset> offsets) {
    }

    /** A snapshot of a group for DescribeGroups; {@code error} NONE and state Dead when the group does not exist. */
    public record GroupDescription(Errors error, String groupId, String state, String protocolType, String protocol,
                                   List<MemberDescription> members) {
    }

    public record MemberDescription(String memberId, String groupInstanceId, String clientId, String clientHost,
                                    byte[] metadata, byte[] assignment) {
    }

    private final Supplier<Errors> standing;
    private final int brokerId;
    private final GroupCoordinatorConfig config;
    private final Supplier<MetadataImage> image;
    private final LongSupplier clock;
    private final ScheduledExecutorService executor;
    private final GroupWriteBatcher batcher;
    private final Map<String, Hosted> groups = new HashMap<>();
    private final Map<String, Map<PartitionKey, CommittedOffset>> overlay = new HashMap<>();
    private final Set<String> recentlyDeleted = new LinkedHashSet<>();
    /**
     * Per group, its latest offset write the quorum has not answered yet. A fetch of the group's
     * offsets waits for it: a commit validated in one generation can still be in flight when the
     * next generation's member fetches the offsets of a partition it was just given; answered from
     * the image alone, that member would start (and commit) behind the commit that then lands, and
     * the group's committed offset would go back. (Kafka gets this from one log per group.)
     */
    private final Map<String, CompletableFuture<Errors>> pendingOffsetWrites = new HashMap<>();
    private long nextRetentionCheckMs;

    public GroupCoordinator(int brokerId, GroupCoordinatorConfig config, Supplier<MetadataImage> image,
                            GroupStateWriter writer, LongSupplier clock) {
        this(brokerId, config, image, writer, clock, () -> Errors.NONE);
    }

    /**
     * @param standing NONE when this broker may act on its image as the coordinator it names, else the
     *                 error to answer instead. The image may be an old state still being replayed after
     *                 a restart, or one this broker kept while cut off from the quorum; either may name
     *                 it coordinator of shards that moved long ago, with offsets long since advanced, and
     *                 serving from it would hand clients old committed offsets.
     */
    public GroupCoordinator(int brokerId, GroupCoordinatorConfig config, Supplier<MetadataImage> image,
                            GroupStateWriter writer, LongSupplier clock, Supplier<Errors> standing) {
        this.standing = standing;
        this.brokerId = brokerId;
        this.config = config;
        this.image = image;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-group-coordinator");
            t.setDaemon(true);
            return t;
        });
        this.batcher = new GroupWriteBatcher(writer, executor, config.commitLingerMs());
        executor.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    public GroupCoordinatorConfig config() {
        return config;
    }

    /** The shard holding {@code groupId}. */
    public int shardFor(String groupId) {
        return CoordinatorShards.shardFor(groupId, config.numShards());
    }

    // ---------------------------------------------------------------- membership

    public CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData request, int version, String clientId,
                                                         String clientHost) {
        CompletableFuture<JoinGroupResponseData> result = new CompletableFuture<>();
        run(result, () -> {
            Errors error = invalidGroupId(request.groupId());
            Hosted h = error == Errors.NONE ? hosted(request.groupId(), true) : null;
            error = error != Errors.NONE ? error : coordinatorError(request.groupId());
            if (error == Errors.NONE && h.isConsumer()) {
                if (h.consumer.isEmpty()) {
                    // An empty consumer group becomes a classic group, as in Kafka.
                    h = new Hosted(new ClassicGroup(request.groupId(), config, GroupCoordinator::newUuid), null, h.shardId, h.epoch);
                    groups.put(request.groupId(), h);
                } else {
                    error = Errors.INCONSISTENT_GROUP_PROTOCOL;
                }
            }
            if (error != Errors.NONE) {
                result.complete(new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(request.memberId())
                        .setGenerationId(-1).setLeader(""));
                return;
            }
            h.group.onJoin(request, version, clientId, clientHost, clock.getAsLong(), result::complete);
            persist(h);
        });
        return result;
    }

    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
        CompletableFuture<SyncGroupResponseData> result = new CompletableFuture<>();
        run(result, () -> {
            Errors error = coordinatorError(request.groupId());
            Hosted h = error == Errors.NONE ? hosted(request.groupId(), false) : null;
            if (error == Errors.NONE && (h == null || h.isConsumer())) {
                error = Errors.UNKNOWN_MEMBER_ID;
            }
            if (error != Errors.NONE) {
                result.complete(new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]));
                return;
            }
            h.group.onSync(request, clock.getAsLong(), result::complete);
            persist(h);
        });
        return result;
    }

    public CompletableFuture<Errors> heartbeat(HeartbeatRequestData request) {
        CompletableFuture<Errors> result = new CompletableFuture<>();
        run(result, () -> {
            Errors error = coordinatorError(request.groupId());
            Hosted h = error == Errors.NONE ? hosted(request.groupId(), false) : null;
            result.complete(error != Errors.NONE ? error : h == null || h.isConsumer() ? Errors.UNKNOWN_MEMBER_ID
                    : h.group.onHeartbeat(request, clock.getAsLong()));
        });
        return result;
    }

    /** Completes with the per-member answers, or with a group-level error and no members. */
    public CompletableFuture<Map.Entry<Errors, List<LeaveGroupResponseData.MemberResponse>>> leave(
            String groupId, List<LeaveGroupRequestData.MemberIdentity> members) {
        CompletableFuture<Map.Entry<Errors, List<LeaveGroupResponseData.MemberResponse>>> result = new CompletableFuture<>();
        run(result, () -> {
            Errors error = coordinatorError(groupId);
            Hosted h = error == Errors.NONE ? hosted(groupId, false) : null;
            if (error != Errors.NONE) {
                result.complete(Map.entry(error, List.of()));
                return;
            }
            if (h == null || h.isConsumer()) {
                List<LeaveGroupResponseData.MemberResponse> unknown = new ArrayList<>();
                members.forEach(m -> unknown.add(new LeaveGroupResponseData.MemberResponse().setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId()).setErrorCode(Errors.UNKNOWN_MEMBER_ID.code())));
                result.complete(Map.entry(Errors.NONE, unknown));
                return;
            }
            List<LeaveGroupResponseData.MemberResponse> responses = h.group.onLeave(members, clock.getAsLong());
            persist(h);
            result.complete(Map.entry(Errors.NONE, responses));
        });
        return result;
    }

    // ---------------------------------------------------------------- consumer protocol (KIP-848)

    /**
     * ConsumerGroupHeartbeat. A heartbeat that changed the group is answered once its new state is
     * in the quorum, so a member never acts on an assignment a new coordinator would not know.
     */
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            ConsumerGroupHeartbeatRequestData request, int version, String clientId, String clientHost) {
        CompletableFuture<ConsumerGroupHeartbeatResponseData> result = new CompletableFuture<>();
        run(result, () -> {
            ApiException invalid = ConsumerGroup.invalidRequest(request, version);
            Errors error = invalid != null ? Errors.forException(invalid) : coordinatorError(request.groupId());
            Hosted h = error == Errors.NONE ? consumerHosted(request.groupId(), request.memberEpoch() == 0) : null;
            String message = invalid != null ? invalid.getMessage() : null;
            if (error == Errors.NONE && h == null) {
                boolean classic = groups.containsKey(request.groupId());
                error = classic ? Errors.GROUP_ID_NOT_FOUND : Errors.UNKNOWN_MEMBER_ID;
                message = classic ? "Group " + request.groupId() + " is not a consumer group." : null;
            }
            if (error != Errors.NONE) {
                result.complete(new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()).setErrorMessage(message)
                        .setMemberId(request.memberId()));
                return;
            }
            ConsumerGroupHeartbeatResponseData response = h.consumer.onHeartbeat(request, version, clientId, clientHost,
                    clock.getAsLong(), topicLookup());
            CompletableFuture<Errors> written = persistConsumer(h);
            if (written == null || response.errorCode() != Errors.NONE.code()) {
                result.complete(response);
                return;
            }
            written.thenAccept(outcome -> result.complete(outcome == Errors.NONE ? response
                    : new ConsumerGroupHeartbeatResponseData().setErrorCode(outcome.code()).setMemberId(request.memberId())));
        });
        return result;
    }

    /** ConsumerGroupDescribe: one answer per group id, in order. */
    public CompletableFuture<List<ConsumerGroupDescribeResponseData.DescribedGroup>> describeConsumerGroups(List<String> groupIds) {
        CompletableFuture<List<ConsumerGroupDescribeResponseData.DescribedGroup>> result = new CompletableFuture<>();
        run(result, () -> {
            List<ConsumerGroupDescribeResponseData.DescribedGroup> described = new ArrayList<>();
            for (String groupId : groupIds) {
                Errors error = invalidGroupId(groupId);
                error = error != Errors.NONE ? error : coordinatorError(groupId);
                Hosted h = error == Errors.NONE ? hosted(groupId, false) : null;
                if (error == Errors.NONE && (h == null || !h.isConsumer())) {
                    error = Errors.GROUP_ID_NOT_FOUND;
                }
                described.add(error != Errors.NONE
                        ? new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId).setErrorCode(error.code())
                                .setErrorMessage(error == Errors.GROUP_ID_NOT_FOUND
                                        ? "Group " + groupId + " not found or not a consumer group." : error.message())
                        : ConsumerGroupDescriptions.describe(h.consumer, image.get()));
            }
            result.complete(described);
        });
        return result;
    }

    /** The hosted consumer group; an empty classic group becomes one on a join (as Kafka converts it); null if none. */
    private Hosted consumerHosted(String groupId, boolean create) {
        Hosted h = hosted(groupId, false);
        if (h != null && h.isConsumer()) {
            return h;
        }
        if (!create || (h != null && !h.group.isIdle())) {
            return null;
        }
        CoordinatorShard s = shard(groupId);
        h = new Hosted(null, new ConsumerGroup(groupId, config.consumer(), GroupCoordinator::newUuid), s.shardId(), s.epoch());
        groups.put(groupId, h);
        recentlyDeleted.remove(groupId);
        return h;
    }

    private TopicLookup topicLookup() {
        return new ImageTopicLookup(image.get());
    }

    /** Writes a consumer group's new state if it changed; null when there was nothing to write. */
    private CompletableFuture<Errors> persistConsumer(Hosted h) {
        ConsumerGroupRecord record = h.consumer.drainRecord();
        if (record == null) {
            return null;
        }
        return batcher.submit(h.shardId, h.epoch, List.of(record)).thenApply(outcome -> {
            if (outcome != Errors.NONE) {
                LOG.warn("Could not persist consumer group {} (shard {}, epoch {}): {}", record.groupId(), h.shardId, h.epoch, outcome);
            }
            return outcome;
        });
    }

    private void tickConsumer(Hosted h, long nowMs) {
        for (ConsumerGroup.Expired e : h.consumer.tick(nowMs, topicLookup())) {
            LOG.info("Removed member {} from consumer group {}: {}", e.memberId(), h.groupId(), e.reason());
        }
        persistConsumer(h);
    }

    private static void abandon(Hosted h) {
        if (!h.isConsumer()) {
            h.group.abandon(Errors.NOT_COORDINATOR);
        }
    }

    // ---------------------------------------------------------------- offsets

    /**
     * Commits {@code offsets} for a member of {@code generation} (-1 for a commit from outside the
     * group, accepted while it has no members). Completes once the quorum accepted the write.
     */
    public CompletableFuture<Errors> commitOffsets(String groupId, String memberId, String groupInstanceId, int generation,
                                                   Map<PartitionKey, CommittedOffset> offsets) {
        CompletableFuture<Errors> result = new CompletableFuture<>();
        run(result, () -> {
            Errors error = invalidGroupId(groupId);
            error = error != Errors.NONE ? error : coordinatorError(groupId);
            if (error != Errors.NONE) {
                result.complete(error);
                return;
            }
            Hosted h = hosted(groupId, generation < 0);
            if (h == null) {
                result.complete(Errors.ILLEGAL_GENERATION);
                return;
            }
            error = h.isConsumer() ? h.consumer.validateOffsetCommit(memberId, generation)
                    : h.group.validateOffsetCommit(memberId, groupInstanceId, generation);
            if (error != Errors.NONE || offsets.isEmpty()) {
                result.complete(error);
                return;
            }
            List<MetadataRecord> records = new ArrayList<>();
            offsets.forEach((pk, o) -> records.add(new OffsetCommitRecord(groupId, pk.topicId(), pk.partitionId(),
                    o.offset(), o.leaderEpoch(), o.metadata(), o.commitTimestampMs())));
            CompletableFuture<Errors> write = batcher.submit(h.shardId, h.epoch, records);
            trackPendingOffsetWrite(groupId, write);
            write.thenAccept(outcome -> {
                if (outcome == Errors.NONE) {
                    recentlyDeleted.remove(groupId);
                    overlay.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(offsets);
                }
                result.complete(outcome);
            });
        });
        return result;
    }

    /**
     * The group's committed offsets, as this coordinator knows them, once the group's offset writes
     * already accepted here have been answered by the quorum (see {@link #pendingOffsetWrites}).
     */
    public CompletableFuture<OffsetsResult> fetchOffsets(String groupId) {
        CompletableFuture<OffsetsResult> result = new CompletableFuture<>();
        run(result, () -> {
            CompletableFuture<Errors> pending = pendingOffsetWrites.get(groupId);
            if (pending == null) {
                answerFetchOffsets(groupId, result);
            } else {
                // Completes on this thread (the batcher's futures do); success or not, the image
                // and overlay then say what the quorum holds.
                pending.whenComplete((outcome, error) -> answerFetchOffsets(groupId, result));
            }
        });
        return result;
    }

    private void answerFetchOffsets(String groupId, CompletableFuture<OffsetsResult> result) {
        Errors error = coordinatorError(groupId);
        result.complete(error != Errors.NONE ? new OffsetsResult(error, Map.of())
                : new OffsetsResult(Errors.NONE, committedOffsets(groupId)));
    }

    /** Remembers {@code write} as the group's latest offset write until the quorum answers it. */
    private void trackPendingOffsetWrite(String groupId, CompletableFuture<Errors> write) {
        pendingOffsetWrites.put(groupId, write);
        write.whenComplete((outcome, error) -> pendingOffsetWrites.remove(groupId, write));
    }

    private Map<PartitionKey, CommittedOffset> committedOffsets(String groupId) {
        Map<PartitionKey, CommittedOffset> merged = new HashMap<>(recentlyDeleted.contains(groupId)
                ? Map.of() : image.get().offsets(groupId));
        overlay.getOrDefault(groupId, Map.of()).forEach((pk, o) -> {
            if (o == DELETED) {
                merged.remove(pk);
            } else {
                merged.put(pk, o);
            }
        });
        return merged;
    }

    /** OffsetDelete: partitions of topics the group's members are subscribed to are refused. */
    public CompletableFuture<Map.Entry<Errors, Map<PartitionKey, Errors>>> deleteOffsets(String groupId, List<PartitionKey> partitions) {
        CompletableFuture<Map.Entry<Errors, Map<PartitionKey, Errors>>> result = new CompletableFuture<>();
        run(result, () -> {
            Errors error = coordinatorError(groupId);
            Hosted h = error == Errors.NONE ? hosted(groupId, false) : null;
            if (error == Errors.NONE && h == null) {
                error = Errors.GROUP_ID_NOT_FOUND;
            }
            if (error != Errors.NONE) {
                result.complete(Map.entry(error, Map.of()));
                return;
            }
            Set<String> subscribed = h.isConsumer() ? h.consumer.subscribedTopicNames(topicLookup())
                    : GroupSubscriptions.topics(h.group);
            Map<PartitionKey, Errors> answers = new LinkedHashMap<>();
            List<MetadataRecord> records = new ArrayList<>();
            MetadataImage img = image.get();
            for (PartitionKey pk : partitions) {
                String topic = img.topic(pk.topicId()).map(t -> t.name()).orElse(null);
                if (subscribed.contains(topic)) {
                    answers.put(pk, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    answers.put(pk, Errors.NONE);
                    records.add(new OffsetDeleteRecord(groupId, pk.topicId(), pk.partitionId()));
                }
            }
            if (records.isEmpty()) {
                result.complete(Map.entry(Errors.NONE, answers));
                return;
            }
            CompletableFuture<Errors> write = batcher.submit(h.shardId, h.epoch, records);
            trackPendingOffsetWrite(groupId, write);
            write.thenAccept(outcome -> {
                if (outcome != Errors.NONE) {
                    result.complete(Map.entry(outcome, Map.of()));
                    return;
                }
                Map<PartitionKey, CommittedOffset> o = overlay.computeIfAbsent(groupId, g -> new HashMap<>());
                records.forEach(r -> {
                    OffsetDeleteRecord d = (OffsetDeleteRecord) r;
                    o.put(new PartitionKey(d.topicId(), d.partition()), DELETED);
                });
                result.complete(Map.entry(Errors.NONE, answers));
            });
        });
        return result;
    }

    // ---------------------------------------------------------------- admin

    public CompletableFuture<List<GroupListing>> listGroups() {
        CompletableFuture<List<GroupListing>> result = new CompletableFuture<>();
        run(result, () -> {
            MetadataImage img = image.get();
            Set<String> ids = new LinkedHashSet<>(img.groups().keySet());
            ids.addAll(img.committedOffsets().keySet());
            ids.addAll(groups.keySet());
            ids.removeAll(recentlyDeleted);
            List<GroupListing> listings = new ArrayList<>();
            for (String id : ids) {
                if (coordinatorError(id) != Errors.NONE) {
                    continue;
                }
                Hosted h = hosted(id, false);
                if (h != null && h.isConsumer()) {
                    listings.add(new GroupListing(id, "consumer", h.consumer.state(), "consumer"));
                } else if (h != null && h.group.state() != ClassicGroupState.DEAD) {
                    listings.add(new GroupListing(id, h.group.protocolType() == null ? "" : h.group.protocolType(),
                            h.group.state().toString(), "classic"));
                }
            }
            result.complete(listings);
        });
        return result;
    }

    public CompletableFuture<GroupDescription> describeGroup(String groupId) {
        CompletableFuture<GroupDescription> result = new CompletableFuture<>();
        run(result, () -> {
            Errors error = coordinatorError(groupId);
            Hosted h = error == Errors.NONE ? hosted(groupId, false) : null;
            if (error != Errors.NONE || h == null) {
                result.complete(new GroupDescription(error, groupId, ClassicGroupState.DEAD.toString(), "", "", List.of()));
                return;
            }
            if (h.isConsumer()) {
                result.complete(ConsumerGroupDescriptions.classicView(h.consumer, image.get()));
                return;
            }
            ClassicGroup g = h.group;
            boolean stable = g.state() == ClassicGroupState.STABLE;
            List<MemberDescription> members = new ArrayList<>();
            for (ClassicGroupMember m : g.members()) {
                // As Kafka: metadata and assignment only mean something once the group is stable.
                members.add(new MemberDescription(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                        stable ? m.metadata(g.protocolName()) : new byte[0], stable ? m.assignment : new byte[0]));
            }
            result.complete(new GroupDescription(Errors.NONE, groupId, g.state().toString(),
                    g.protocolType() == null ? "" : g.protocolType(), stable ? g.protocolName() : "", members));
        });
        return result;
    }

    /** DeleteGroups: only empty groups; their committed offsets go with them. */
    public CompletableFuture<Map<String, Errors>> deleteGroups(List<String> groupIds) {
        CompletableFuture<Map<String, Errors>> result = new CompletableFuture<>();
        run(result, () -> {
            Map<String, Errors> answers = new LinkedHashMap<>();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (String groupId : groupIds) {
                Errors error = coordinatorError(groupId);
                Hosted h = error == Errors.NONE ? hosted(groupId, false) : null;
                if (error == Errors.NONE) {
                    error = h == null ? Errors.GROUP_ID_NOT_FOUND : h.isConsumer()
                            ? (h.consumer.isEmpty() ? Errors.NONE : Errors.NON_EMPTY_GROUP) : h.group.markDead();
                }
                answers.put(groupId, error);
                if (error != Errors.NONE) {
                    continue;
                }
                groups.remove(groupId);
                writes.add(batcher.submit(h.shardId, h.epoch, List.of(new GroupTombstoneRecord(groupId))).thenAccept(outcome -> {
                    answers.put(groupId, outcome);
                    if (outcome == Errors.NONE) {
                        overlay.remove(groupId);
                        recentlyDeleted.add(groupId);
                    }
                }));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenRun(() -> result.complete(answers));
        });
        return result;
    }

    // ---------------------------------------------------------------- internals (coordinator thread)

    private static Errors invalidGroupId(String groupId) {
        return groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID : Errors.NONE;
    }

    private CoordinatorShard shard(String groupId) {
        return image.get().coordinatorShards().get(shardFor(groupId));
    }

    private Errors coordinatorError(String groupId) {
        CoordinatorShard s = shard(groupId);
        if (s == null || s.leader() < 0) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (s.leader() != brokerId) {
            return Errors.NOT_COORDINATOR;
        }
        return standing.get();
    }

    /** The hosted group, loaded from the image on first use in this coordinator epoch; null if it does not exist. */
    private Hosted hosted(String groupId, boolean create) {
        CoordinatorShard s = shard(groupId);
        if (s == null || s.leader() != brokerId || standing.get() != Errors.NONE) {
            return null;
        }
        Hosted h = groups.get(groupId);
        if (h != null && h.epoch == s.epoch()) {
            return h;
        }
        if (h != null) {
            abandon(h);
        }
        MetadataImage img = image.get();
        GroupImage persisted = img.groups().get(groupId);
        ClassicGroup group;
        if (persisted != null && persisted.isConsumerGroup() && !recentlyDeleted.contains(groupId)) {
            h = new Hosted(null, ConsumerGroup.fromRecord(persisted.consumerGroup(), config.consumer(), GroupCoordinator::newUuid,
                    clock.getAsLong()), s.shardId(), s.epoch());
            groups.put(groupId, h);
            return h;
        } else if (persisted != null && !recentlyDeleted.contains(groupId)) {
            group = ClassicGroup.fromImage(persisted, config, GroupCoordinator::newUuid, clock.getAsLong());
        } else if (create || (!img.offsets(groupId).isEmpty() && !recentlyDeleted.contains(groupId))
                || !overlay.getOrDefault(groupId, Map.of()).isEmpty()) {
            group = new ClassicGroup(groupId, config, GroupCoordinator::newUuid);
        } else {
            groups.remove(groupId);
            return null;
        }
        h = new Hosted(group, null, s.shardId(), s.epoch());
        groups.put(groupId, h);
        return h;
    }

    private static String newUuid() {
        return Uuid.randomUuid().toString();
    }

    private void persist(Hosted h) {
        if (h.isConsumer()) {
            persistConsumer(h);
            return;
        }
        List<GroupRecord> records = h.group.drainRecords();
        if (records.isEmpty()) {
            return;
        }
        batcher.submit(h.shardId, h.epoch, records).thenAccept(outcome -> {
            if (outcome != Errors.NONE) {
                // The group goes on in memory; a later transition or a new coordinator's reload catches up.
                LOG.warn("Could not persist group {} (shard {}, epoch {}): {}", h.group.groupId(), h.shardId, h.epoch, outcome);
            }
        });
    }

    private void tick() {
        try {
            long nowMs = clock.getAsLong();
            for (Iterator<Map.Entry<String, Hosted>> it = groups.entrySet().iterator(); it.hasNext(); ) {
                Hosted h = it.next().getValue();
                CoordinatorShard s = shard(h.groupId());
                if (s == null || s.leader() != brokerId || s.epoch() != h.epoch) {
                    abandon(h);
                    it.remove();
                    continue;
                }
                if (h.isConsumer()) {
                    tickConsumer(h, nowMs);
                    continue;
                }
                h.group.tick(nowMs);
                persist(h);
                if (h.group.isIdle() && !image.get().groups().containsKey(h.group.groupId())
                        && committedOffsets(h.group.groupId()).isEmpty()) {
                    // Created by a join that never completed: nothing to keep.
                    it.remove();
                }
            }
            expireOverlay();
            if (nowMs >= nextRetentionCheckMs) {
                nextRetentionCheckMs = nowMs + config.offsetsRetentionCheckIntervalMs();
                expireOffsets(nowMs);
            }
        } catch (RuntimeException e) {
            LOG.error("Group coordinator tick failed", e);
        }
    }

    /** offsets.retention.minutes: expires old offsets of empty groups this broker coordinates. */
    private void expireOffsets(long nowMs) {
        MetadataImage img = image.get();
        for (String groupId : List.copyOf(img.committedOffsets().keySet())) {
            if (coordinatorError(groupId) != Errors.NONE) {
                continue;
            }
            Hosted h = hosted(groupId, false);
            if (h == null) {
                continue;
            }
            List<MetadataRecord> records = OffsetRetention.expire(groupId, h.isIdle(), img.groups().containsKey(groupId),
                    committedOffsets(groupId), nowMs, config.offsetsRetentionMs());
            if (records.isEmpty()) {
                continue;
            }
            batcher.submit(h.shardId, h.epoch, records).thenAccept(outcome -> {
                if (outcome == Errors.NONE) {
                    LOG.info("Expired {} committed offset record(s) of empty group {}", records.size(), groupId);
                    if (records.get(0) instanceof GroupTombstoneRecord) {
                        Hosted current = groups.get(groupId);
                        if (current != null && current.isIdle()) {
                            groups.remove(groupId);
                        }
                        overlay.remove(groupId);
                        recentlyDeleted.add(groupId);
                    }
                }
            });
        }
    }

    /** Forgets overlay entries the image has caught up with, and those of groups no longer coordinated here. */
    private void expireOverlay() {
        MetadataImage img = image.get();
        for (Iterator<Map.Entry<String, Map<PartitionKey, CommittedOffset>>> it = overlay.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Map<PartitionKey, CommittedOffset>> e = it.next();
            if (coordinatorError(e.getKey()) != Errors.NONE) {
                it.remove();
                continue;
            }
            Map<PartitionKey, CommittedOffset> applied = img.offsets(e.getKey());
            e.getValue().entrySet().removeIf(o -> o.getValue() == DELETED ? !applied.containsKey(o.getKey())
                    : o.getValue().equals(applied.get(o.getKey())));
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
        recentlyDeleted.removeIf(g -> !img.groups().containsKey(g) && img.offsets(g).isEmpty());
    }

    private void run(CompletableFuture<?> result, Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("Group coordinator operation failed", e);
                    result.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
