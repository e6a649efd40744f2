package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.CoordinatorShard;
import io.tributary.metadata.image.CoordinatorShards;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.MetadataReplayer;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import io.tributary.metadata.record.GroupRecord;
import io.tributary.metadata.record.OffsetCommitRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulation of the controller logic against an in-memory quorum: brokers crash, return,
 * shut down in a controlled way and lose heartbeats; topics are created and deleted, partitions
 * added, ISRs shrink and grow, leaders are elected on request, coordinators write group state, and
 * the controller fails over; virtual time only. After every step the image must satisfy the
 * invariants below; at the end, replaying the log from scratch and a snapshot round trip must give
 * the same image. A failure names its seed: rerun just that one with {@code -Dsim.seed=N}.
 */
class ControllerSimulationTest {

    private static final int BROKERS = 5;
    private static final int SHARDS = 8;
    private static final int SEEDS = Integer.getInteger("sim.seeds", 40);
    private static final int STEPS = Integer.getInteger("sim.steps", 250);

    private enum Process { DOWN, UP, SHUTTING_DOWN }

    /** What the runs exercised, so a change that makes the simulation toothless fails it. */
    private final Map<String, Integer> coverage = new HashMap<>();

    @Test
    void shouldKeepInvariantsWhenBrokersFailAndReturnUnderRandomOperations() throws Exception {
        Long pinned = Long.getLong("sim.seed");
        if (pinned != null) {
            runSeed(pinned);
            return;
        }
        for (long seed = 1; seed <= SEEDS; seed++) {
            runSeed(seed);
        }
        System.out.println("Controller simulation coverage: " + coverage);
        assertThat(coverage).containsKeys("fenced", "leader moved", "controlled shutdown done", "leaderless",
                "stale ISR change refused", "stale group write refused", "topic created", "topic deleted",
                "stale proposal fenced");
    }

    @Test
    void shouldKeepInvariantsWhenUncleanElectionIsEnabled() throws Exception {
        for (long seed = 1001; seed <= 1000 + SEEDS / 4; seed++) {
            runSeed(seed);
        }
    }

    private void runSeed(long seed) throws Exception {
        Random random = new Random(seed);
        ControllerConfig config = ControllerConfig.of(
                ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, SHARDS,
                ControllerConfig.UNCLEAN_LEADER_ELECTION_ENABLE, seed > 1000,
                ControllerConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, 10);
        try (ControllerTestContext ctx = new ControllerTestContext(config, seed)) {
            Simulation sim = new Simulation(ctx, random, coverage);
            String event = "start";
            int step = 0;
            try {
                for (; step < STEPS; step++) {
                    event = sim.step();
                    sim.checkInvariants();
                }
                sim.checkReplayAndSnapshot();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Simulation failed: seed=" + seed + " step=" + step + " after event=" + event
                        + " (rerun with -Dsim.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    private static final class Simulation {
        private final ControllerTestContext ctx;
        private final Random random;
        private final Process[] processes = new Process[BROKERS + 1];
        private final Map<PartitionKey, int[]> lastEpochs = new HashMap<>();
        private final Map<Integer, Integer> lastShardEpochs = new HashMap<>();
        private final Map<Integer, Long> lastBrokerEpochs = new HashMap<>();
        private final Map<String, Integer> coverage;
        private int topicCounter;

        Simulation(ControllerTestContext ctx, Random random, Map<String, Integer> coverage) {
            this.ctx = ctx;
            this.random = random;
            this.coverage = coverage;
            for (int b = 1; b <= BROKERS; b++) {
                processes[b] = Process.DOWN;
            }
        }

        String step() {
            int dice = random.nextInt(100);
            if (dice < 30) {
                long ms = 100 + random.nextInt(3000);
                passTime(ms);
                return "time+" + ms;
            } else if (dice < 40) {
                int b = 1 + random.nextInt(BROKERS);
                if (processes[b] == Process.DOWN) {
                    startBroker(b);
                    return "start " + b;
                }
                processes[b] = Process.DOWN;
                return "crash " + b;
            } else if (dice < 45) {
                int b = 1 + random.nextInt(BROKERS);
                if (processes[b] == Process.UP) {
                    processes[b] = Process.SHUTTING_DOWN;
                    heartbeat(b);
                    return "controlled shutdown " + b;
                }
                return "noop";
            } else if (dice < 55) {
                String name = "topic-" + (topicCounter++);
                ControllerResponse.CreatableTopicResult r = ctx.createTopic(name, 1 + random.nextInt(4), 1 + random.nextInt(3));
                if (r.error() == Errors.NONE) {
                    count("topic created");
                }
                return "create " + name + " -> " + r.error();
            } else if (dice < 60) {
                List<String> names = new ArrayList<>(ctx.image().topicIdsByName().keySet());
                if (names.isEmpty()) {
                    return "noop";
                }
                names.sort(String::compareTo);
                String name = names.get(random.nextInt(names.size()));
                ctx.send(new ControllerRequest.DeleteTopics(List.of(name)));
                count("topic deleted");
                return "delete " + name;
            } else if (dice < 75) {
                return alterIsr();
            } else if (dice < 78) {
                List<String> names = new ArrayList<>(ctx.image().topicIdsByName().keySet());
                if (names.isEmpty()) {
                    return "noop";
                }
                names.sort(String::compareTo);
                String name = names.get(random.nextInt(names.size()));
                int count = ctx.image().topic(name).orElseThrow().partitions().size() + 1 + random.nextInt(2);
                ctx.send(new ControllerRequest.CreatePartitions(List.of(new ControllerRequest.PartitionsTopic(name, count, null)), false));
                return "add partitions " + name;
            } else if (dice < 83) {
                ctx.failover();
                return "controller failover";
            } else if (dice < 84) {
                io.tributary.metadata.record.ApplyResult stale = ctx.replayStaleProposal(random);
                if (stale == null) {
                    return "noop";
                }
                assertThat(stale.error()).as("a deposed controller's proposal is fenced").isEqualTo(Errors.NOT_CONTROLLER);
                count("stale proposal fenced");
                return "stale proposal from an earlier term";
            } else if (dice < 86) {
                ctx.send(new ControllerRequest.ElectLeaders(random.nextBoolean()
                        ? ControllerRequest.ElectionType.PREFERRED : ControllerRequest.ElectionType.UNCLEAN, null));
                return "elect leaders";
            } else if (dice < 95) {
                return groupWrite();
            } else {
                int b = 1 + random.nextInt(BROKERS);
                BrokerRegistration reg = ctx.image().broker(b);
                if (reg != null) {
                    ctx.send(new ControllerRequest.AllocateProducerIds(b, reg.epoch()));
                }
                return "allocate producer ids " + b;
            }
        }

        private void passTime(long ms) {
            long remaining = ms;
            while (remaining > 0) {
                long slice = Math.min(remaining, 500);
                ctx.advance(slice);
                remaining -= slice;
                for (int b = 1; b <= BROKERS; b++) {
                    // Heartbeats get lost now and then; a broker whose process is down sends none.
                    if (processes[b] != Process.DOWN && random.nextInt(10) < 8) {
                        heartbeat(b);
                    }
                }
                ctx.tickUntilQuiet();
            }
        }

        private void startBroker(int b) {
            ControllerResponse.RegisterBroker r = ctx.send(new ControllerRequest.RegisterBroker(b,
                    new Uuid(random.nextLong(), random.nextLong()), List.of(), "rack-" + (b % 2)));
            if (r.error() == Errors.NONE) {
                processes[b] = Process.UP;
                heartbeat(b);
            }
        }

        private void heartbeat(int b) {
            BrokerRegistration reg = ctx.image().broker(b);
            if (reg == null) {
                return;
            }
            // Sometimes the broker lags behind the log, which delays unfencing.
            long offset = ctx.image().offset() - (random.nextInt(4) == 0 ? 3 : 0);
            boolean shuttingDown = processes[b] == Process.SHUTTING_DOWN;
            ControllerResponse.BrokerHeartbeat r = ctx.send(new ControllerRequest.BrokerHeartbeat(b, reg.epoch(),
                    offset, false, shuttingDown));
            if (r.error() == Errors.NONE && shuttingDown && r.shouldShutDown()) {
                processes[b] = Process.DOWN;
                count("controlled shutdown done");
            }
        }

        private String alterIsr() {
            List<TopicImage> topics = LeadershipPlanner.topicsInOrder(ctx.image());
            if (topics.isEmpty()) {
                return "noop";
            }
            TopicImage t = topics.get(random.nextInt(topics.size()));
            int pid = random.nextInt(t.partitions().size());
            PartitionRegistration p = t.partition(pid);
            if (p.leader() < 0 || processes[p.leader()] == Process.DOWN) {
                return "noop";
            }
            List<Integer> isr = new ArrayList<>(p.isr());
            if (random.nextBoolean() && isr.size() > 1) {
                isr.remove(Integer.valueOf(isr.stream().filter(r -> r != p.leader()).findFirst().orElseThrow()));
            } else {
                p.replicas().stream().filter(r -> !isr.contains(r)).findFirst().ifPresent(isr::add);
            }
            // Leaders sometimes send a stale partition epoch: the CAS must refuse it.
            int partitionEpoch = random.nextInt(5) == 0 ? p.partitionEpoch() - 1 : p.partitionEpoch();
            ControllerResponse.AlterPartition r = ctx.send(new ControllerRequest.AlterPartition(p.leader(),
                    ctx.image().broker(p.leader()).epoch(), t.id(), pid, p.leaderEpoch(), partitionEpoch, isr));
            if (partitionEpoch != p.partitionEpoch()) {
                assertThat(r.error()).isEqualTo(Errors.INVALID_UPDATE_VERSION);
                count("stale ISR change refused");
            }
            return "alter isr " + t.name() + "-" + pid + " " + isr + " -> " + r.error();
        }

        private String groupWrite() {
            String group = "group-" + random.nextInt(20);
            int shard = CoordinatorShards.shardFor(group, SHARDS);
            CoordinatorShard s = ctx.image().coordinatorShards().get(shard);
            if (s == null) {
                return "noop";
            }
            boolean stale = random.nextInt(4) == 0;
            int epoch = stale ? s.epoch() - 1 : s.epoch();
            ControllerResponse.WriteGroupState r = ctx.send(new ControllerRequest.WriteGroupState(shard, epoch, List.of(
                    new GroupRecord(group, "consumer", "range", random.nextInt(100), "m", List.of()),
                    new OffsetCommitRecord(group, Uuid.ONE_UUID, 0, random.nextInt(1000), 0, "", ctx.nowMs()))));
            if (stale || s.leader() < 0) {
                assertThat(r.error()).isEqualTo(Errors.NOT_COORDINATOR);
                count("stale group write refused");
            }
            return "group write " + group + " -> " + r.error();
        }

        private void count(String what) {
            coverage.merge(what, 1, Integer::sum);
        }

        private MetadataImage previous = MetadataImage.EMPTY;

        void checkInvariants() {
            MetadataImage image = ctx.image();
            for (BrokerRegistration b : image.brokers().values()) {
                BrokerRegistration before = previous.broker(b.id());
                if (b.fenced() && before != null && !before.fenced() && before.epoch() == b.epoch()) {
                    count("fenced");
                }
            }
            boolean anyActive = image.brokers().values().stream().anyMatch(BrokerRegistration::isActive);
            for (TopicImage t : image.topicsById().values()) {
                for (Map.Entry<Integer, PartitionRegistration> e : t.partitions().entrySet()) {
                    PartitionRegistration p = e.getValue();
                    String where = t.name() + "-" + e.getKey() + " " + p;
                    assertThat(p.isr()).as("ISR never empty: %s", where).isNotEmpty();
                    assertThat(p.replicas()).as("ISR within replicas: %s", where).containsAll(p.isr());
                    assertThat(p.replicas()).as("distinct replicas: %s", where).doesNotHaveDuplicates();
                    if (p.leader() >= 0) {
                        assertThat(p.isr()).as("leader in ISR: %s", where).contains(p.leader());
                        assertThat(image.isBrokerActive(p.leader())).as("leader is live: %s", where).isTrue();
                    } else {
                        assertThat(p.isr()).as("leaderless only if no ISR member is live: %s", where)
                                .noneMatch(image::isBrokerActive);
                        if (ctx.config.uncleanLeaderElectionEnable()) {
                            assertThat(p.replicas()).as("unclean: leaderless only if no replica is live: %s", where)
                                    .noneMatch(image::isBrokerActive);
                        }
                    }
                    PartitionKey key = new PartitionKey(t.id(), e.getKey());
                    int[] last = lastEpochs.get(key);
                    if (last != null) {
                        assertThat(p.leaderEpoch()).as("leader epoch never decreases: %s", where).isGreaterThanOrEqualTo(last[0]);
                        assertThat(p.partitionEpoch()).as("partition epoch never decreases: %s", where).isGreaterThanOrEqualTo(last[1]);
                    }
                    if (last != null && p.leaderEpoch() > last[0]) {
                        count("leader moved");
                    }
                    if (p.leader() < 0) {
                        count("leaderless");
                    }
                    lastEpochs.put(key, new int[] {p.leaderEpoch(), p.partitionEpoch()});
                }
            }
            for (CoordinatorShard s : image.coordinatorShards().values()) {
                assertThat(s.leader() < 0 || image.isBrokerActive(s.leader())).as("shard leader is live: %s", s).isTrue();
                Integer last = lastShardEpochs.put(s.shardId(), s.epoch());
                assertThat(s.epoch()).as("shard epoch never decreases: %s", s).isGreaterThanOrEqualTo(last == null ? 0 : last);
            }
            if (anyActive) {
                assertThat(image.coordinatorShards()).as("every shard exists when a broker is live").hasSize(SHARDS);
                assertThat(image.coordinatorShards().values()).as("every shard has a live leader")
                        .allMatch(s -> s.leader() >= 0);
            }
            for (BrokerRegistration b : image.brokers().values()) {
                Long last = lastBrokerEpochs.put(b.id(), b.epoch());
                assertThat(b.epoch()).as("broker epoch never decreases: %s", b).isGreaterThanOrEqualTo(last == null ? 0L : last);
                assertThat(b.fenced() && b.inControlledShutdown()).as("fenced and shutting down at once: %s", b).isFalse();
            }
            previous = image;
        }

        void checkReplayAndSnapshot() throws Exception {
            try (MetadataReplayer replay = new MetadataReplayer()) {
                List<byte[]> log = ctx.quorum.log();
                for (int i = 0; i < log.size(); i++) {
                    replay.apply(i + 1, log.get(i));
                }
                assertThat(replay.image()).as("replaying the log gives the same image").isEqualTo(ctx.image());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                replay.writeSnapshot(out);
                try (MetadataReplayer restored = new MetadataReplayer()) {
                    restored.loadSnapshot(new ByteArrayInputStream(out.toByteArray()));
                    assertThat(restored.image()).as("snapshot round trip gives the same image").isEqualTo(ctx.image());
                }
            }
        }
    }
}
