package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.client.ErrorMessages;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic look-ups shared by commands, with an unknown topic reported by name. */
final class Topics {
    private Topics() {
    }

    /** Descriptions in the order asked; an unknown topic is a {@link CliException} naming it. */
    static Map<String, TopicDescription> describe(Admin admin, Collection<String> names) throws Exception {
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(names).topicNameValues();
        Map<String, TopicDescription> out = new LinkedHashMap<>();
        for (String name : names) {
            try {
                out.put(name, futures.get(name).get());
            } catch (ExecutionException e) {
                if (ErrorMessages.unwrap(e) instanceof UnknownTopicOrPartitionException) {
                    throw new CliException("Unknown topic '" + name + "'.");
                }
                throw e;
            }
        }
        return out;
    }
}
