package io.tributary.admin.chaos;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a fault does to its targets, and how it is undone when its interval ends. */
public enum FaultKind {
    /** SIGKILL the node(s); start them again at the end. */
    KILL,
    /** SIGSTOP the node(s) (past the broker session timeout); SIGCONT at the end. */
    PAUSE,
    /** Cut the node(s) off from every other node (nft); heal at the end. */
    PARTITION,
    /** SIGKILL the active controller (the quorum leader); start it again at the end. */
    CONTROLLER,
    /** Controlled shutdown (SIGTERM) and immediate restart of the node(s). */
    RESTART,
    /** A workload consumer stops dead (no LeaveGroup); a replacement joins at the end. */
    CONSUMER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code kill,pause,partition,controller}; a clear error names the valid kinds. */
    public static Set<FaultKind> parseList(String text) {
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                kinds.add(valueOf(p.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown fault '" + p + "'; faults are "
                        + Arrays.stream(values()).map(FaultKind::label).collect(Collectors.joining(",")));
            }
        }
        return kinds;
    }
}
