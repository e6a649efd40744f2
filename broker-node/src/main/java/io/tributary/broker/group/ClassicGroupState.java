package io.tributary.broker.group;

/**
 * The states of a classic group (Kafka's {@code ClassicGroupState}); {@link #toString()} is the name
 * shown by DescribeGroups and ListGroups.
 *
 * <pre>
 *   Empty ──join──▶ PreparingRebalance ──all joined / deadline──▶ CompletingRebalance ──leader sync──▶ Stable
 *     ▲                  ▲   │ no member left                          │ member joins/leaves/expires    │
 *     └──────────────────┼───┘                                         ▼                                │
 *                        └───────────────────────── join (leader or new protocols), leave, expiry ◀─────┘
 *   Empty ──delete──▶ Dead
 * </pre>
 */
public enum ClassicGroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    ClassicGroupState(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
