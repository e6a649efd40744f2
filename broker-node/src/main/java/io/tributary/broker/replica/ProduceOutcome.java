package io.tributary.broker.replica;

import org.apache.kafka.common.protocol.Errors;

/**
 * The result of producing to one partition.
 *
 * @param error NONE on success
 * @param message a human-readable reason for an error, or null
 * @param baseOffset offset of the first record appended, or -1
 * @param logAppendTimeMs the log-append time when the topic uses it, else -1
 * @param logStartOffset the partition's log start offset, or -1
 */
public record ProduceOutcome(Errors error, String message, long baseOffset, long logAppendTimeMs, long logStartOffset) {

    public static ProduceOutcome error(Errors error, String message) {
        return new ProduceOutcome(error, message, -1, -1, -1);
    }
}
