package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Runs {@link SimReplicationCluster} for many seeds: crashes, lost unflushed writes, cut links and
 * late metadata against the replication invariants. {@code -Dsim.seeds=N} runs N seeds from
 * {@code -Dsim.firstSeed} (default 0); a failure names its seed, and {@code -Dsim.seeds=1
 * -Dsim.firstSeed=S} replays it exactly.
 */
class ReplicationSimulationTest {
    private static final int SEEDS = Integer.getInteger("sim.seeds", 200);
    private static final long FIRST_SEED = Long.getLong("sim.firstSeed", 0L);
    private static final int FAULTY_STEPS = 300;

    /**
     * Logs in memory (tmpfs) where the machine has one: every crash closes a log, and closing
     * fsyncs, which on a busy disk would make 200 seeds take minutes instead of seconds.
     */
    static final class MemoryBackedTempDir implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "replication-sim") : Files.createTempDirectory("replication-sim");
        }
    }

    @Test
    void shouldLoseNoAcknowledgedWriteAndConvergeForEverySeed(@TempDir(factory = MemoryBackedTempDir.class) Path dir) {
        long acknowledged = 0;
        long healingSteps = 0;
        long proposals = 0;
        long ineligible = 0;
        long startNs = System.nanoTime();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            try (SimReplicationCluster sim = new SimReplicationCluster(seed, dir.resolve("seed-" + seed))) {
                sim.run(FAULTY_STEPS);
                acknowledged += sim.acknowledgedCount();
                healingSteps += sim.healingSteps();
                proposals += sim.proposals();
                ineligible += sim.ineligibleRefusals();
            }
        }
        System.out.printf("REPLICATION-SIM: %d seeds x %d faulty steps in %d ms, %d acknowledged writes, %.1f steps to converge"
                        + " on average, %d ISR proposals of which %d refused as INELIGIBLE_REPLICA%n",
                SEEDS, FAULTY_STEPS, (System.nanoTime() - startNs) / 1_000_000, acknowledged, (double) healingSteps / SEEDS,
                proposals, ineligible);
        // Guard against a simulation that passes because nothing is ever acknowledged.
        assertThat(acknowledged).as("acknowledged writes over %d seeds", SEEDS).isGreaterThan(SEEDS * 20L);
    }
}
