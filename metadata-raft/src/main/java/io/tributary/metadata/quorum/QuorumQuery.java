package io.tributary.metadata.quorum;

import java.util.Arrays;

/**
 * Framing of the read-only requests this node sends to the leader's state machine: one type byte,
 * then the payload. A controller request carries the caller's bytes untouched; a describe request
 * has no payload. The framing never reaches the Raft log.
 */
final class QuorumQuery {

    static final byte CONTROLLER_REQUEST = 0;
    static final byte DESCRIBE = 1;

    private QuorumQuery() {
    }

    static byte[] frame(byte type, byte[] payload) {
        byte[] framed = new byte[payload.length + 1];
        framed[0] = type;
        System.arraycopy(payload, 0, framed, 1, payload.length);
        return framed;
    }

    static byte type(byte[] framed) {
        if (framed.length == 0) {
            throw new IllegalArgumentException("empty quorum query");
        }
        return framed[0];
    }

    static byte[] payload(byte[] framed) {
        return Arrays.copyOfRange(framed, 1, framed.length);
    }
}
