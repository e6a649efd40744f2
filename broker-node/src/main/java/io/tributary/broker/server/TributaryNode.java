package io.tributary.broker.server;

import io.netty.util.HashedWheelTimer;
import io.tributary.broker.api.AlterConfigsApi;
import io.tributary.broker.api.AlterPartitionReassignmentsApi;
import io.tributary.broker.api.ControllerGateway;
import io.tributary.broker.api.CreatePartitionsApi;
import io.tributary.broker.api.CreateTopicsApi;
import io.tributary.broker.api.DeleteRecordsApi;
import io.tributary.broker.api.DeleteTopicsApi;
import io.tributary.broker.api.DescribeClusterApi;
import io.tributary.broker.api.DescribeConfigsApi;
import io.tributary.broker.api.DescribeLogDirsApi;
import io.tributary.broker.api.DescribeQuorumApi;
import io.tributary.broker.api.RaftVoterApis;
import io.tributary.broker.api.DescribeTopicPartitionsApi;
import io.tributary.broker.api.ElectLeadersApi;
import io.tributary.broker.api.FetchApi;
import io.tributary.broker.api.IncrementalAlterConfigsApi;
import io.tributary.broker.api.InitProducerIdApi;
import io.tributary.broker.api.ListOffsetsApi;
import io.tributary.broker.api.ListPartitionReassignmentsApi;
import io.tributary.broker.api.MetadataApi;
import io.tributary.broker.api.OffsetForLeaderEpochApi;
import io.tributary.broker.api.ProduceApi;
import io.tributary.broker.config.ConfigValues;
import io.tributary.broker.fetchsession.FetchSessionCache;
import io.tributary.broker.group.DeleteGroupsApi;
import io.tributary.broker.group.DescribeGroupsApi;
import io.tributary.broker.group.FindCoordinatorApi;
import io.tributary.broker.group.ConsumerGroupDescribeApi;
import io.tributary.broker.group.ConsumerGroupHeartbeatApi;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupCoordinatorConfig;
import io.tributary.broker.group.GroupStateWriter;
import io.tributary.broker.group.HeartbeatApi;
import io.tributary.broker.group.JoinGroupApi;
import io.tributary.broker.group.LeaveGroupApi;
import io.tributary.broker.group.ListGroupsApi;
import io.tributary.broker.group.OffsetCommitApi;
import io.tributary.broker.group.OffsetDeleteApi;
import io.tributary.broker.group.OffsetFetchApi;
import io.tributary.broker.group.SyncGroupApi;
import io.tributary.broker.network.KafkaServer;
import io.tributary.broker.network.NetworkConfig;
import io.tributary.broker.producer.ProducerIdManager;
import io.tributary.broker.protocol.ApiVersionsHandler;
import io.tributary.broker.protocol.RequestDispatcher;
import io.tributary.broker.replica.BrokerMetadataPublisher;
import io.tributary.broker.replica.IsrMaintainer;
import io.tributary.broker.replica.ReplicaEligibility;
import io.tributary.broker.replica.ReplicaFetcherManager;
import io.tributary.broker.replica.ReplicationConfig;
import io.tributary.broker.replica.PartitionLogs;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.log.LogConfig;
import io.tributary.log.LogManager;
import io.tributary.log.LogManagerConfig;
import io.tributary.log.PartitionLog;
import io.tributary.metadata.client.BrokerLifecycle;
import io.tributary.metadata.client.MetadataClient;
import io.tributary.metadata.client.MetadataClientConfig;
import io.tributary.metadata.client.Scheduler;
import io.tributary.metadata.controller.ActiveController;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.controller.rpc.ControllerRpcCodec;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.MetadataReplayer;
import io.tributary.metadata.quorum.MetadataQuorum;
import io.tributary.metadata.quorum.QuorumConfig;
import io.tributary.metadata.record.Endpoint;
import io.tributary.metadata.record.MetadataBatchCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tributary process: a metadata-quorum member (voter when it has the controller role, listener
 * otherwise), the active controller when its quorum member leads, and — with the broker role — the
 * partition logs, replica manager and Kafka-protocol listener. Start-up and shutdown order matter
 * and live here, nowhere else.
 */
public final class TributaryNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TributaryNode.class);
    private static final long CONTROLLED_SHUTDOWN_TIMEOUT_MS = 30_000;
    /** A controlled shutdown stops waiting once the quorum has had no leader for this many election timeouts. */
    private static final int CONTROLLED_SHUTDOWN_LEADERLESS_TIMEOUTS = 3;
    private static final long CONTROLLED_SHUTDOWN_POLL_MS = 100;
    /** Bounds the wait for an image being published to the broker when the node stops. */
    private static final long PUBLISHER_DETACH_TIMEOUT_MS = 5_000;
    /** How often caught-up followers are considered for the ISR; shrinking is checked every replica.lag.time.max.ms/2. */
    private static final long ISR_CHECK_INTERVAL_MS = 500;

    private final BrokerConfig config;
    private final MetadataReplayer replayer = new MetadataReplayer();
    private final ScheduledExecutorService scheduler = newScheduler();
    /** Quorum membership changes block until Ratis commits them: one at a time, off the network and scheduler threads. */
    private final java.util.concurrent.ExecutorService quorumChanges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tributary-quorum-changes");
        t.setDaemon(true);
        return t;
    });
    private MetadataQuorum quorum;
    private ActiveController controller;
    private LogManager logManager;
    private BrokerMetadataPublisher brokerPublisher;
    private HashedWheelTimer timer;
    private ReplicaManager replicaManager;
    private KafkaServer kafkaServer;
    private GroupCoordinator groupCoordinator;
    private volatile BrokerLifecycle lifecycle; // read by replica fetcher threads for the broker epoch
    private InetSocketAddress boundAddress;
    private MetadataClient metadataClient;
    private RequestDispatcher dispatcher;

    /**
     * Timers of the node. Each controller call schedules its deadline and cancels it when answered
     * (thousands a second under offset commits): cancelled tasks leave the queue at once.
     */
    private static ScheduledExecutorService newScheduler() {
        java.util.concurrent.ScheduledThreadPoolExecutor s = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tributary-node-scheduler");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    public TributaryNode(BrokerConfig config) {
        this.config = config;
    }

    public MetadataImage image() {
        return replayer.image();
    }

    /** The address the Kafka listener is bound to (null before start or without the broker role). */
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /**
     * Starts every component; returns once the Kafka listener accepts connections.
     *
     * <p>The quorum member starts on its own thread while this one loads the partition logs and
     * builds the broker: the two do not depend on each other until the broker binds its listener
     * and registers, and both are mostly class loading (plus log recovery after a crash), so side
     * by side the slower one alone sets the start-up time. The listener binds only once the quorum
     * member runs, so no request reaches a handler whose controller calls cannot yet be sent.
     */
    public synchronized TributaryNode start() throws Exception {
        LOG.info("Starting node {} ({} ms after its JVM started)", config.nodeId(), jvmUptimeMs());
        Map<String, String> props = config.props();
        quorum = new MetadataQuorum(new QuorumConfig(props), replayer);
        if (config.isController()) {
            controller = ActiveController.create(new ControllerConfig(props), replayer::image, quorum);
            quorum.setLeadershipListener(controller);
            quorum.registerControllerHandler(controller);
        }
        CompletableFuture<Void> quorumStarted = startInBackground("tributary-quorum-start", quorum::start);
        // Off the start-up path: the first controller calls (registration, heartbeats) and entries
        // would otherwise each build their JSON codecs by introspection, ~0.4 s before "unfenced".
        long warmUpStartNs = System.nanoTime();
        startInBackground("tributary-codec-warmup", () -> {
            ControllerRpcCodec.prepare();
            MetadataBatchCodec.prepare();
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("JSON codec warm-up failed; the codecs are built on first use instead", e);
            } else {
                LOG.debug("JSON codecs built in {} ms", (System.nanoTime() - warmUpStartNs) / 1_000_000);
            }
        });
        try {
            if (config.isBroker()) {
                prepareBroker(props);
            }
        } finally {
            awaitStarted(quorumStarted);
        }
        LOG.info("Node {} joined the metadata quorum as {}", config.nodeId(), config.isController() ? "voter" : "listener");
        if (config.isBroker()) {
            startBroker(props);
        }
        return this;
    }

    /** Time since this JVM started (the OS's process start time is only second-accurate). */
    private static long jvmUptimeMs() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** Runs a start-up step on a thread of its own; the future carries its failure. */
    private static CompletableFuture<Void> startInBackground(String threadName, java.util.concurrent.Callable<?> step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                step.call();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return done;
    }

    private static void awaitStarted(CompletableFuture<Void> started) throws Exception {
        try {
            started.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Binds the Kafka listener and registers the broker; the quorum member runs by now. */
    private void startBroker(Map<String, String> props) throws Exception {
        startIsrMaintenance(config.nodeId(), metadataClient, new ReplicationConfig(props));
        BrokerConfig.Listener bind = config.listener();
        kafkaServer = new KafkaServer(NetworkConfig.of(bind.host(), bind.port(), props), dispatcher);
        boundAddress = kafkaServer.start();
        int brokerId = config.nodeId();
        lifecycle.start().whenComplete((v, e) -> {
            if (e == null) {
                LOG.info("Broker {} is registered and unfenced (epoch {})", brokerId, lifecycle.brokerEpoch());
            }
        });
    }

    /** Loads the logs and builds the broker's components and request handlers; binds nothing. */
    private void prepareBroker(Map<String, String> props) throws Exception {
        int brokerId = config.nodeId();
        LogManagerConfig logConfig = LogManagerConfig.fromMap(props);
        logManager = LogManager.start(logConfig, Clock.systemUTC());
        timer = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "tributary-purgatory-timer");
            t.setDaemon(true);
            return t;
        }, 10, TimeUnit.MILLISECONDS);
        ReplicationConfig replication = new ReplicationConfig(props);
        MetadataClient client = new MetadataClient(quorum::callController, Scheduler.system(scheduler), MetadataClientConfig.from(props));
        ReplicaFetcherManager fetchers = new ReplicaFetcherManager(brokerId, replication,
                () -> lifecycle == null ? -1L : lifecycle.brokerEpoch(), System::currentTimeMillis,
                leaderId -> client.call(new ControllerRequest.ReportUnreachableBroker(brokerId, leaderId),
                        ControllerResponse.ReportUnreachableBroker.class));
        replicaManager = new ReplicaManager(brokerId, logsOf(logManager), timer, System::currentTimeMillis, fetchers,
                new ImageReplicationThrottle(brokerId, replayer::image));
        Supplier<MetadataImage> image = replayer::image;
        TopicConfigs topicConfigs = new TopicConfigs(logConfig.defaultLogConfig(), props, image);
        brokerPublisher = new BrokerMetadataPublisher(brokerId, replicaManager, topicConfigs::logConfig,
                config.advertisedListener().name());
        replayer.register(brokerPublisher);

        ControllerGateway gateway = request -> client.call(request, ControllerResponse.class);
        BrokerConfig.Listener advertised = config.advertisedListener();
        lifecycle = new BrokerLifecycle(brokerId, Uuid.randomUuid(),
                List.of(new Endpoint(advertised.name(), advertised.host(), advertised.port(), "PLAINTEXT")),
                config.rack(), client, Scheduler.system(scheduler), quorum::appliedIndex,
                new ControllerConfig(props).heartbeatIntervalMs(), new ControllerConfig(props).sessionTimeoutMs());
        metadataClient = client;
        ProducerIdManager producerIds = new ProducerIdManager(() -> client.allocateProducerIds(brokerId, lifecycle.brokerEpoch())
                .thenApply(r -> {
                    if (r.errorCode() != Errors.NONE.code()) {
                        throw Errors.forCode(r.errorCode()).exception("Producer-id allocation failed");
                    }
                    return new ProducerIdManager.Block(r.producerIdStart(), r.producerIdLen());
                }));

        String listener = advertised.name();
        RequestDispatcher d = new RequestDispatcher();
        d.register(ApiKeys.API_VERSIONS, 0, 4, new ApiVersionsHandler(d));
        // Leaders are advertised from the image the replica manager has taken, not the newest applied.
        Supplier<MetadataImage> actedOn = replayer::publishedImage;
        d.register(ApiKeys.METADATA, 0, 13, new MetadataApi(brokerId, clusterId(props), listener, actedOn,
                config.autoCreateTopics(), autoCreator(client)));
        d.register(ApiKeys.PRODUCE, 0, 13, new ProduceApi(image, replicaManager, topicConfigs::minInsyncReplicas));
        d.register(ApiKeys.FETCH, 4, 18, new FetchApi(image, replicaManager, new FetchSessionCache(
                ConfigValues.intValue(props, FetchSessionCache.MAX_SLOTS, FetchSessionCache.DEFAULT_MAX_SLOTS, 0),
                System::currentTimeMillis, () -> ThreadLocalRandom.current().nextInt())));
        d.register(ApiKeys.LIST_OFFSETS, 1, 11, new ListOffsetsApi(image, replicaManager));
        d.register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4, new OffsetForLeaderEpochApi(image, replicaManager));
        d.register(ApiKeys.INIT_PRODUCER_ID, 0, 5, new InitProducerIdApi(producerIds));
        d.register(ApiKeys.CREATE_TOPICS, 2, 7, new CreateTopicsApi(gateway, topicConfigs));
        d.register(ApiKeys.DELETE_TOPICS, 1, 6, new DeleteTopicsApi(gateway, image));
        d.register(ApiKeys.CREATE_PARTITIONS, 0, 3, new CreatePartitionsApi(gateway));
        d.register(ApiKeys.DESCRIBE_CONFIGS, 1, 4, new DescribeConfigsApi(brokerId, props, topicConfigs, image));
        d.register(ApiKeys.ALTER_CONFIGS, 0, 2, new AlterConfigsApi(gateway, image));
        d.register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1, new IncrementalAlterConfigsApi(gateway, image));
        d.register(ApiKeys.DESCRIBE_CLUSTER, 0, 2, new DescribeClusterApi(clusterId(props), listener, image, this::controllerId));
        d.register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0, 0, new DescribeTopicPartitionsApi(actedOn));
        d.register(ApiKeys.DELETE_RECORDS, 0, 2, new DeleteRecordsApi(image, replicaManager));
        d.register(ApiKeys.ELECT_LEADERS, 0, 2, new ElectLeadersApi(gateway));
        d.register(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 1, new AlterPartitionReassignmentsApi(gateway));
        d.register(ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0, new ListPartitionReassignmentsApi(gateway));
        d.register(ApiKeys.DESCRIBE_QUORUM, 0, 2, new DescribeQuorumApi(quorum::describe, image, quorum::voterEndpoints, listener));
        d.register(ApiKeys.ADD_RAFT_VOTER, 0, 1, RaftVoterApis.add(clusterId(props), p -> quorum.admin().addVoter(p), quorumChanges));
        d.register(ApiKeys.REMOVE_RAFT_VOTER, 0, 0, RaftVoterApis.remove(clusterId(props), id -> quorum.admin().removeVoter(id), quorumChanges));
        d.register(ApiKeys.DESCRIBE_LOG_DIRS, 1, 4, new DescribeLogDirsApi(logConfig.logDirs(), replicaManager));

        GroupCoordinatorConfig groupConfig = GroupCoordinatorConfig.from(props);
        groupCoordinator = new GroupCoordinator(brokerId, groupConfig, image, GroupStateWriter.through(client), System::currentTimeMillis,
                () -> coordinatorStanding(brokerId, image.get()));
        d.register(ApiKeys.FIND_COORDINATOR, 0, 6, new FindCoordinatorApi(groupConfig.numShards(), listener, image));
        d.register(ApiKeys.JOIN_GROUP, 0, 9, new JoinGroupApi(groupCoordinator));
        d.register(ApiKeys.SYNC_GROUP, 0, 5, new SyncGroupApi(groupCoordinator));
        d.register(ApiKeys.HEARTBEAT, 0, 4, new HeartbeatApi(groupCoordinator));
        d.register(ApiKeys.LEAVE_GROUP, 0, 5, new LeaveGroupApi(groupCoordinator));
        d.register(ApiKeys.OFFSET_COMMIT, 2, 10, new OffsetCommitApi(groupCoordinator, image, System::currentTimeMillis));
        d.register(ApiKeys.OFFSET_FETCH, 1, 10, new OffsetFetchApi(groupCoordinator, image));
        d.register(ApiKeys.LIST_GROUPS, 0, 5, new ListGroupsApi(groupCoordinator));
        d.register(ApiKeys.DESCRIBE_GROUPS, 0, 6, new DescribeGroupsApi(groupCoordinator));
        d.register(ApiKeys.DELETE_GROUPS, 0, 2, new DeleteGroupsApi(groupCoordinator));
        d.register(ApiKeys.OFFSET_DELETE, 0, 0, new OffsetDeleteApi(groupCoordinator, image));
        d.register(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 0, 1, new ConsumerGroupHeartbeatApi(groupCoordinator));
        d.register(ApiKeys.CONSUMER_GROUP_DESCRIBE, 0, 1, new ConsumerGroupDescribeApi(groupCoordinator));

        dispatcher = d;
        // Loads Netty's native transport now, beside the quorum start, rather than when binding.
        io.netty.channel.epoll.Epoll.isAvailable();
    }

    /**
     * Whether the group coordinator may act on {@code image} as it stands: not before the image holds
     * this incarnation's registration unfenced (a restarted broker replaying an old image: the shards
     * it names here may have moved long ago; retriable, as Kafka's loading), and not without the
     * broker's lease (cut off from the quorum or frozen past it: the controller may have fenced this
     * broker and moved its shards, and the clients should look for the coordinator elsewhere).
     */
    private Errors coordinatorStanding(int brokerId, MetadataImage image) {
        if (!caughtUpInThisIncarnation(brokerId, image)) {
            return Errors.COORDINATOR_LOAD_IN_PROGRESS;
        }
        return lifecycle.holdsLease(image.offset()) ? Errors.NONE : Errors.NOT_COORDINATOR;
    }

    /**
     * Whether this broker's image holds its own current registration, unfenced: the controller unfences
     * a broker only once it has replayed the log up to that registration, so the image is no older than it.
     */
    private boolean caughtUpInThisIncarnation(int brokerId, MetadataImage image) {
        BrokerLifecycle l = lifecycle;
        long epoch = l == null ? -1L : l.brokerEpoch();
        io.tributary.metadata.image.BrokerRegistration self = image.brokers().get(brokerId);
        return epoch >= 0 && self != null && self.epoch() == epoch && !self.fenced();
    }

    /** Proposes ISR shrinks and expansions for the partitions led here, on the node scheduler. */
    private void startIsrMaintenance(int brokerId, MetadataClient client, ReplicationConfig replication) {
        IsrMaintainer isr = new IsrMaintainer(() -> replicaManager.partitions().values(),
                proposal -> client.alterPartition(new ControllerRequest.AlterPartition(brokerId, lifecycle.brokerEpoch(),
                                proposal.topicId(), proposal.partitionId(), proposal.leaderEpoch(), proposal.partitionEpoch(),
                                proposal.newIsr()))
                        .thenApply(r -> Errors.forCode(r.errorCode())),
                () -> ReplicaEligibility.of(image()::broker), replication.lagTimeMaxMs());
        long periodMs = Math.max(1, Math.min(ISR_CHECK_INTERVAL_MS, replication.lagTimeMaxMs() / 2));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                isr.tick(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.warn("ISR maintenance failed: {}", e.toString());
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private static String clusterId(Map<String, String> props) {
        return props.getOrDefault(QuorumConfig.CLUSTER_ID, "");
    }

    /** The active controller's id when known, else this node (every broker forwards controller requests). */
    private int controllerId() {
        return quorum.leaderId().orElse(config.nodeId());
    }

    /** Creates topics on first use (auto.create.topics.enable), once per name at a time. */
    private static java.util.function.Consumer<String> autoCreator(MetadataClient client) {
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        return name -> {
            if (inFlight.add(name)) {
                client.createTopics(List.of(new ControllerRequest.CreatableTopic(name, -1, (short) -1, Map.of(), Map.of())), false)
                        .whenComplete((r, e) -> inFlight.remove(name));
            }
        };
    }

    private static PartitionLogs logsOf(LogManager logManager) {
        return new PartitionLogs() {
            @Override
            public PartitionLog getOrCreate(String topic, int partition, LogConfig config) {
                return logManager.getOrCreate(topic, partition, config);
            }

            @Override
            public void delete(String topic, int partition) {
                logManager.delete(topic, partition);
            }
        };
    }

    /**
     * Stops the node: controlled shutdown first (the controller moves leaderships away), then the
     * listener, the logs (flushed, clean-shutdown marker written) and the quorum member.
     */
    @Override
    public synchronized void close() {
        if (lifecycle != null) {
            awaitControlledShutdown(lifecycle.controlledShutdown());
        }
        closeQuietly("Kafka listener", kafkaServer);
        closeQuietly("group coordinator", groupCoordinator);
        closeQuietly("broker lifecycle", lifecycle);
        stopPublishingToBroker();
        closeQuietly("replica manager", replicaManager);
        if (timer != null) {
            timer.stop();
        }
        closeQuietly("log manager", logManager);
        closeQuietly("controller", controller);
        closeQuietly("metadata quorum", quorum);
        closeQuietly("metadata replayer", replayer);
        scheduler.shutdownNow();
        quorumChanges.shutdownNow();
        LOG.info("Node {} stopped", config.nodeId());
    }

    private void awaitControlledShutdown(CompletableFuture<Void> approved) {
        ControlledShutdownWait wait = new ControlledShutdownWait(System.currentTimeMillis(), CONTROLLED_SHUTDOWN_TIMEOUT_MS,
                CONTROLLED_SHUTDOWN_LEADERLESS_TIMEOUTS * (long) quorum.config().electionTimeoutMs());
        while (true) {
            try {
                approved.get(CONTROLLED_SHUTDOWN_POLL_MS, TimeUnit.MILLISECONDS);
                LOG.info("Controlled shutdown of broker {} complete", config.nodeId());
                return;
            } catch (TimeoutException e) {
                Optional<String> giveUp = wait.giveUpReason(System.currentTimeMillis(), quorum.leaderId().isPresent());
                if (giveUp.isPresent()) {
                    LOG.warn("Controlled shutdown of broker {} did not complete: {}; stopping anyway", config.nodeId(), giveUp.get());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Controlled shutdown of broker {} interrupted; stopping anyway", config.nodeId());
                return;
            } catch (ExecutionException e) {
                LOG.warn("Controlled shutdown of broker {} did not complete ({}); stopping anyway", config.nodeId(),
                        e.getCause().toString());
                return;
            }
        }
    }

    /**
     * The quorum member outlives the broker side (the quorum must keep its majority while this node
     * stops), so metadata keeps arriving: detach the broker's publisher first, or an image applied
     * after the logs closed would try to open one ("log manager is closed").
     */
    private void stopPublishingToBroker() {
        if (brokerPublisher == null) {
            return;
        }
        try {
            replayer.unregister(brokerPublisher).get(PUBLISHER_DETACH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Metadata publisher of broker {} not detached ({}); stopping anyway", config.nodeId(), e.toString());
        }
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Error closing the {}: {}", what, e.toString());
        }
    }

    /** For tests: completes when the broker has registered and been unfenced. */
    public CompletableFuture<Void> awaitUnfenced() {
        return lifecycle == null ? CompletableFuture.completedFuture(null) : lifecycle.start();
    }
}
