package io.tributary.admin.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Turns whatever a command threw into the one sentence the CLI prints. The one place that knows how
 * Kafka client exceptions read to an operator.
 */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    /** The exception that says what went wrong, under the future/executor wrappers. */
    public static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException
                || (cause instanceof KafkaException && !(cause instanceof ApiException) && cause.getCause() instanceof ApiException))
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * @param bootstrap the servers the command talked to, or null
     */
    public static String sentence(Throwable e, String bootstrap) {
        Throwable cause = unwrap(e);
        String detail = cause.getMessage() == null ? "" : cause.getMessage().strip();
        String text;
        if (cause instanceof CliException) {
            text = detail;
        } else if (cause instanceof TimeoutException) {
            text = "The cluster" + (bootstrap == null ? "" : " at " + bootstrap)
                    + " did not answer in time; is it running and reachable? (" + trimPeriod(detail) + ")";
        } else if (cause instanceof UnknownTopicOrPartitionException) {
            text = "Unknown topic or partition: " + trimPeriod(detail);
        } else if (cause instanceof TopicExistsException) {
            text = trimPeriod(detail);
        } else if (cause instanceof GroupIdNotFoundException) {
            text = "Unknown group: " + trimPeriod(detail);
        } else if (cause instanceof GroupNotEmptyException) {
            text = "The group still has members; stop its consumers first (" + trimPeriod(detail) + ")";
        } else if (cause instanceof UnsupportedVersionException) {
            text = "The cluster does not support this operation: " + trimPeriod(detail);
        } else if (cause instanceof ApiException || cause instanceof IllegalArgumentException) {
            text = detail.isEmpty() ? cause.getClass().getSimpleName() : detail;
        } else if (cause instanceof KafkaException && String.valueOf(cause.getCause() == null ? detail : cause.getCause().getMessage()).contains("resolvable bootstrap")) {
            text = "None of the bootstrap servers" + (bootstrap == null ? "" : " '" + bootstrap + "'") + " resolves to an address; check --bootstrap-server";
        } else if (cause instanceof KafkaException && cause.getCause() != null && cause.getCause().getMessage() != null) {
            text = trimPeriod(detail) + ": " + cause.getCause().getMessage();
        } else {
            text = cause.getClass().getSimpleName() + (detail.isEmpty() ? "" : ": " + detail);
        }
        text = text.replace('\n', ' ').strip();
        return text.endsWith(".") || text.endsWith(")") ? text : text + ".";
    }

    private static String trimPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
