package io.tributary.admin.chaos;

/**
 * Whom a fault hits. Roles (leader, controller, coordinator) are resolved when the fault starts,
 * so a schedule stays a pure function of the seed and the options.
 */
public sealed interface Target {

    /** A fixed node. */
    record Node(int id) implements Target {
        @Override
        public String toString() {
            return "node " + id;
        }
    }

    /** The current leader of one partition of the workload topic. */
    record Leader(int partition) implements Target {
        @Override
        public String toString() {
            return "leader of partition " + partition;
        }
    }

    /** The active controller (the metadata quorum's leader). */
    record Controller() implements Target {
        @Override
        public String toString() {
            return "active controller";
        }
    }

    /** The coordinator of the workload's consumer group. */
    record Coordinator() implements Target {
        @Override
        public String toString() {
            return "group coordinator";
        }
    }

    /** Any live node not already hit by the same fault (the lowest id), e.g. the second of two. */
    record Other() implements Target {
        @Override
        public String toString() {
            return "another node";
        }
    }

    /** One of the workload's consumers (by index). */
    record Consumer(int index) implements Target {
        @Override
        public String toString() {
            return "consumer " + index;
        }
    }
}
