package io.tributary.admin.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The faults of one run, in start order and never overlapping. {@link #random} is a pure function
 * of the seed and the options, so a failing run is replayed by its seed.
 */
public record FaultSchedule(List<Fault> faults) {
    /** Load before the first fault, so the workload is in full swing when it starts. */
    static final long WARMUP_MS = 5_000;
    /** Time after the last fault is undone before the run ends. */
    static final long RECOVERY_MS = 5_000;

    public FaultSchedule {
        faults = List.copyOf(faults);
        for (int i = 1; i < faults.size(); i++) {
            if (faults.get(i).atMs() < faults.get(i - 1).endMs()) {
                throw new IllegalArgumentException("Faults overlap: " + faults.get(i - 1).describe() + " and " + faults.get(i).describe());
            }
        }
    }

    /**
     * Random faults of the given kinds, one at a time with gaps between them, within {@code durationMs}.
     * Pauses and partitions last longer than the 9 s broker session timeout, so they fence the node.
     */
    public static FaultSchedule random(long seed, long durationMs, Set<FaultKind> kinds, int nodes, int partitions, int consumers) {
        List<FaultKind> choices = kinds.stream().sorted().toList();
        List<Fault> faults = new ArrayList<>();
        if (choices.isEmpty()) {
            return new FaultSchedule(faults);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long at = WARMUP_MS;
        while (true) {
            FaultKind kind = choices.get(random.nextInt(choices.size()));
            long duration = switch (kind) {
                case KILL, CONTROLLER -> 2_000 + random.nextInt(6_000);
                case PAUSE -> 11_000 + random.nextInt(5_000);
                case PARTITION -> 10_000 + random.nextInt(6_000);
                case RESTART -> 0;
                case CONSUMER -> 4_000 + random.nextInt(6_000);
            };
            if (at + duration > durationMs - RECOVERY_MS) {
                break;
            }
            Target target = switch (kind) {
                case CONTROLLER -> new Target.Controller();
                case CONSUMER -> new Target.Consumer(random.nextInt(consumers));
                default -> random.nextBoolean() ? new Target.Leader(random.nextInt(partitions)) : new Target.Node(1 + random.nextInt(nodes));
            };
            faults.add(new Fault(at, duration, kind, target));
            at += duration + 3_000 + random.nextInt(5_000);
        }
        return new FaultSchedule(faults);
    }
}
