package io.tributary.log.producer;

/** The verdict on an idempotent batch before it is appended. */
public sealed interface ProducerAppendCheck {

    /** Append it. */
    record Accept() implements ProducerAppendCheck {
    }

    /** Already in the log: do not append; answer with where it went the first time. */
    record Duplicate(BatchMetadata original) implements ProducerAppendCheck {
    }

    /** Refuse it with a Kafka error. */
    record Reject(Reason reason, String message) implements ProducerAppendCheck {
    }

    /** Why a batch is refused; maps one-to-one to Kafka's error codes of the same name. */
    enum Reason { INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER }

    ProducerAppendCheck ACCEPT = new Accept();
}
