package io.tributary.metadata.quorum;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Framing of the read-only requests a node sends to the leader's state machine, and of the
 * replies. Request: one type byte, then the payload (a controller request carries the caller's
 * bytes untouched; a describe request has none). Reply: one status byte, then either the payload
 * (OK) or a UTF-8 text {@code <exception class>\n<message>} (NOT_CONTROLLER, FAILED).
 *
 * <p>Failures travel inside a successful Ratis reply on purpose: Ratis 3.3's unordered gRPC path
 * turns an exceptional query into a stream error that closes the client's connection to that
 * peer, and its exception reconstruction depends on the class's constructors. None of this reaches
 * the Raft log.
 */
final class QuorumQuery {

    static final byte CONTROLLER_REQUEST = 0;
    static final byte DESCRIBE = 1;

    static final byte OK = 0;
    static final byte NOT_CONTROLLER = 1;
    static final byte FAILED = 2;

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

    static byte[] ok(byte[] payload) {
        return frame(OK, payload);
    }

    static byte[] failure(Throwable error) {
        byte status = error instanceof NotControllerException ? NOT_CONTROLLER : FAILED;
        String text = error.getClass().getName() + "\n" + error.getMessage();
        return frame(status, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The payload of an OK reply.
     *
     * @throws NotControllerException if the peer had no ready controller
     * @throws ControllerFailureException if the controller's handler failed
     */
    static byte[] unwrapReply(byte[] reply) {
        byte status = type(reply);
        if (status == OK) {
            return payload(reply);
        }
        String text = new String(reply, 1, reply.length - 1, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String className = nl < 0 ? "?" : text.substring(0, nl);
        String message = nl < 0 ? text : text.substring(nl + 1);
        if (status == NOT_CONTROLLER) {
            throw new NotControllerException(message);
        }
        throw new ControllerFailureException(className, message);
    }
}
