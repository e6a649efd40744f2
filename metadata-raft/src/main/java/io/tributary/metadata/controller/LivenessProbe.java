package io.tributary.metadata.controller;

/**
 * One liveness probe of a broker the controller has not heard from: a TCP connect to the
 * broker's advertised listener, started at {@code startedMs} against registration
 * {@code brokerEpoch}. Immutable.
 */
record LivenessProbe(int brokerId, long brokerEpoch, String host, int port, long startedMs) {

    /** What a probe found. Only {@link #REFUSED} says anything: the other two keep the session timeout. */
    enum Outcome {
        /** The kernel accepted the connection: the process exists (it may be paused or busy). */
        ACCEPTED,
        /** Connection refused: nothing listens on the address, so the broker process is gone. */
        REFUSED,
        /** No answer within the timeout, or unreachable: a slow or isolated broker is not a dead one. */
        NO_ANSWER
    }
}
