package io.tributary.metadata.controller;

/** How a partition leader is chosen (KRaft's {@code PartitionChangeBuilder.Election}). */
public enum ElectionMode {
    /** Keep a valid leader, else the first live ISR member in replica order. */
    ONLINE,
    /** The first replica if it is live and in the ISR, else as ONLINE. */
    PREFERRED,
    /** As ONLINE, and if no ISR member is live, any live replica (may lose data). */
    UNCLEAN
}
