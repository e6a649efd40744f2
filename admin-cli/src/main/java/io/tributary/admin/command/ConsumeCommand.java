package io.tributary.admin.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.admin.client.CliException;
import io.tributary.admin.client.ClusterOptions;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.OutputFormat;
import io.tributary.admin.plan.OffsetSpecArg;
import io.tributary.admin.plan.RecordFormat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary consume TOPIC}: print records, for quick checks like {@code kcat -C}. Without a
 * group it reads the chosen partitions directly; with {@code --group} it joins the group and commits
 * what it printed. {@code -o json} prints one JSON object per line.
 */
@Command(name = "consume", description = "Print records of a topic.", mixinStandardHelpOptions = true)
public final class ConsumeCommand implements Callable<Integer> {
    private static final ObjectMapper LINE_JSON = new ObjectMapper();

    @Mixin ClusterOptions cluster;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "TOPIC") String topic;
    @Option(names = {"-p", "--partition"}, paramLabel = "N", description = "Only these partitions; repeatable (not with --group).") List<Integer> partitions = new ArrayList<>();
    @Option(names = "--offset", paramLabel = "WHERE", description = "beginning, end, N or -N (N before the end) (default: ${DEFAULT-VALUE}; with --group: where nothing is committed).")
    String offset = "beginning";
    @Option(names = {"-g", "--group"}, description = "Consume as a member of this group and commit offsets.") String group;
    @Option(names = {"-c", "--count"}, description = "Stop after this many records.") Long count;
    @Option(names = {"-e", "--exit-at-end"}, description = "Stop at the end of the partitions (as of start).") boolean exitAtEnd;
    @Option(names = {"-f", "--format"}, description = "kcat-style format: %%t %%p %%o %%T %%k %%v %%h %%K %%S, \\n \\t (default: '%%v\\n').") String format = "%v\\n";

    @Override
    public Integer call() throws Exception {
        RecordFormat fmt;
        OffsetSpecArg start;
        try {
            fmt = new RecordFormat(format);
            start = OffsetSpecArg.parse(offset);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage() + ".");
        }
        if (group != null && !partitions.isEmpty()) {
            throw new CliException("--partition and --group cannot be combined: a group assigns partitions itself.");
        }
        if (count != null && count <= 0) {
            throw new CliException("--count must be positive.");
        }
        Properties overrides = new Properties();
        if (group != null) {
            overrides.put("group.id", group);
            overrides.put("auto.offset.reset", start.kind() == OffsetSpecArg.Kind.END ? "latest" : "earliest");
        }
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        KafkaConsumer<byte[], byte[]> consumer = cluster.consumer(overrides);
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new CliException("Unknown topic '" + topic + "'.");
            }
            Map<TopicPartition, Long> ends;
            if (group == null) {
                List<TopicPartition> tps = new ArrayList<>();
                for (PartitionInfo p : infos) {
                    if (partitions.isEmpty() || partitions.contains(p.partition())) {
                        tps.add(new TopicPartition(topic, p.partition()));
                    }
                }
                for (int p : partitions) {
                    if (p < 0 || p >= infos.size()) {
                        throw new CliException("Topic '" + topic + "' has no partition " + p + " (it has " + infos.size() + ").");
                    }
                }
                consumer.assign(tps);
                Map<TopicPartition, Long> begins = consumer.beginningOffsets(tps);
                ends = consumer.endOffsets(tps);
                for (TopicPartition tp : tps) {
                    consumer.seek(tp, start.resolve(begins.get(tp), ends.get(tp)));
                }
            } else {
                consumer.subscribe(List.of(topic));
                ends = null;
            }
            long deadline = System.nanoTime() + cluster.settings().timeout().toNanos() * 3;
            while (count == null || printed < count) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (count != null && printed >= count) {
                        break;
                    }
                    print(out, fmt, r);
                    printed++;
                    if (group != null) {
                        consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()),
                                new org.apache.kafka.clients.consumer.OffsetAndMetadata(r.offset() + 1)));
                    }
                }
                out.flush();
                if (exitAtEnd) {
                    Set<TopicPartition> assigned = consumer.assignment();
                    if (assigned.isEmpty()) {
                        if (System.nanoTime() > deadline) {
                            throw new CliException("Got no partitions of '" + topic + "' from group '" + group + "' in time.");
                        }
                        continue;
                    }
                    if (ends == null || !ends.keySet().equals(assigned)) {
                        ends = consumer.endOffsets(assigned);
                    }
                    if (atEnd(consumer, ends)) {
                        break;
                    }
                }
            }
        } finally {
            // Leaving a group is worth a short wait, not the client's default 30 s; without a group there is nothing to finish.
            consumer.close(Duration.ofSeconds(group == null ? 1 : 3));
        }
        out.flush();
        return 0;
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void print(PrintWriter out, RecordFormat fmt, ConsumerRecord<byte[], byte[]> r) throws Exception {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(Map.entry(h.key(), h.value() == null ? new byte[0] : h.value()));
        }
        if (cluster.output() == OutputFormat.TABLE) {
            out.print(fmt.format(new RecordFormat.View(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), headers)));
        } else {
            Map<String, Object> h = new java.util.LinkedHashMap<>();
            headers.forEach(e -> h.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8)));
            out.println(LINE_JSON.writeValueAsString(Json.obj("topic", r.topic(), "partition", r.partition(), "offset", r.offset(),
                    "timestamp", r.timestamp(), "key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    "value", r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8), "headers", h)));
        }
    }
}
