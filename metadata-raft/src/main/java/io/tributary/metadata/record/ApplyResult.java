package io.tributary.metadata.record;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The reply of applying one entry, handed back to its proposer: {@code errorCode} is a Kafka error
 * code (0 when the batch was applied, else why it was a no-op) and {@code offset} the entry's log
 * index.
 */
public record ApplyResult(short errorCode, String errorMessage, long offset) {

    public static ApplyResult success(long offset) {
        return new ApplyResult(Errors.NONE.code(), null, offset);
    }

    public static ApplyResult failure(Errors error, String message, long offset) {
        return new ApplyResult(error.code(), message, offset);
    }

    @JsonIgnore
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @JsonIgnore
    public boolean isSuccess() {
        return errorCode == Errors.NONE.code();
    }

    public byte[] encode() {
        try {
            return MetadataJson.mapper().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ApplyResult decode(byte[] bytes) {
        try {
            return MetadataJson.mapper().readValue(bytes, ApplyResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed apply reply", e);
        }
    }
}
