package io.tributary.admin.chaos;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One planned fault: {@code kind} hits {@code targets} at {@code atMs} after the workload starts and
 * is undone {@code durationMs} later.
 */
public record Fault(long atMs, long durationMs, FaultKind kind, List<Target> targets) {
    public Fault {
        targets = List.copyOf(targets);
        if (atMs < 0 || durationMs < 0) {
            throw new IllegalArgumentException("A fault needs a non-negative start and duration");
        }
    }

    public Fault(long atMs, long durationMs, FaultKind kind, Target target) {
        this(atMs, durationMs, kind, List.of(target));
    }

    public long endMs() {
        return atMs + durationMs;
    }

    public String describe() {
        return kind.label() + " " + targets.stream().map(Target::toString).collect(Collectors.joining(" + "));
    }
}
