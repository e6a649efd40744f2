package io.tributary.metadata.record;

/**
 * Written first by every controller when it activates in Raft term {@code term}. The image keeps the
 * highest term seen, and every later batch of that controller requires it
 * ({@link Precondition.ControllerTermIs}): a proposal of a deposed controller that reaches the log
 * after the new controller activated is a no-op (KRaft gets the same from its leader-epoch checks).
 */
public record ControllerActivationRecord(long term) implements MetadataRecord {
}
