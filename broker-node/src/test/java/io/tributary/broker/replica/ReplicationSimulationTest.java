package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link SimReplicationCluster} for many seeds: crashes, lost unflushed writes, cut links and
 * late metadata against the replication invariants. {@code -Dsim.seeds=N} runs N seeds from
 * {@code -Dsim.firstSeed} (default 0); a failure names its seed, and {@code -Dsim.seeds=1
 * -Dsim.firstSeed=S} replays it exactly.
 */
class ReplicationSimulationTest {
    private static final int SEEDS = Integer.getInteger("sim.seeds", 200);
    private static final long FIRST_SEED = Long.getLong("sim.firstSeed", 0L);
    private static final int FAULTY_STEPS = 400;

    @Test
    void shouldLoseNoAcknowledgedWriteAndConvergeForEverySeed(@TempDir Path dir) {
        long acknowledged = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            try (SimReplicationCluster sim = new SimReplicationCluster(seed, dir.resolve("seed-" + seed))) {
                sim.run(FAULTY_STEPS);
                acknowledged += sim.acknowledgedCount();
            }
        }
        // Guard against a simulation that passes because nothing is ever acknowledged.
        assertThat(acknowledged).as("acknowledged writes over %d seeds", SEEDS).isGreaterThan(SEEDS * 20L);
    }
}
