package io.tributary.admin.chaos;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of one chaos run.
 *
 * @param dir the local cluster's directory: an existing cluster there is used as it is, otherwise one is started (and stopped at the end)
 * @param nodes how many nodes a new cluster gets
 * @param name names the run's topic and group ("random" or a scenario)
 * @param schedule the faults to inject
 * @param durationMs how long the workload runs with faults
 * @param seed the seed the schedule came from (reported)
 * @param partitions partitions of the run's topic
 * @param producers how many producers
 * @param consumers how many consumers in the group
 * @param ratePerProducer values each producer sends per second
 */
public record ChaosOptions(Path dir, int nodes, String name, FaultSchedule schedule, long durationMs, long seed,
                           int partitions, int producers, int consumers, int ratePerProducer) {

    public ChaosOptions {
        if (nodes < 1 || partitions < 1 || producers < 1 || consumers < 1 || ratePerProducer < 1 || durationMs < 1) {
            throw new IllegalArgumentException("nodes, partitions, producers, consumers, rate and duration must be positive");
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("dir", dir.toAbsolutePath().toString());
        m.put("nodes", nodes);
        m.put("durationMs", durationMs);
        m.put("seed", seed);
        m.put("partitions", partitions);
        m.put("producers", producers);
        m.put("consumers", consumers);
        m.put("ratePerProducer", ratePerProducer);
        m.put("schedule", schedule.faults().stream().map(f -> f.atMs() + "ms+" + f.durationMs() + "ms " + f.describe()).toList());
        return m;
    }
}
