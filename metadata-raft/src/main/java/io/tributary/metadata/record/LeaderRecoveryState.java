package io.tributary.metadata.record;

/** As in KRaft: RECOVERING after an unclean election until the new leader has reconciled its log. */
public enum LeaderRecoveryState {
    RECOVERED,
    RECOVERING
}
