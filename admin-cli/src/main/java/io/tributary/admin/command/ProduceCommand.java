package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.client.ClusterOptions;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary produce TOPIC}: one record per input line, for quick checks like {@code kcat -P}. */
@Command(name = "produce", description = "Send one record per line of standard input (or --input FILE) to a topic.",
        mixinStandardHelpOptions = true)
public final class ProduceCommand implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "TOPIC") String topic;
    @Option(names = {"-k", "--key-separator"}, paramLabel = "SEP", description = "Split each line at the first SEP into key and value.") String keySeparator;
    @Option(names = {"-H", "--header"}, paramLabel = "KEY=VALUE", description = "A header on every record; repeatable.") List<String> headers = new ArrayList<>();
    @Option(names = {"-p", "--partition"}, description = "Send to this partition (default: by key, or spread).") Integer partition;
    @Option(names = "--acks", description = "all, 1 or 0 (default: ${DEFAULT-VALUE}).") String acks = "all";
    @Option(names = "--input", paramLabel = "FILE", description = "Read lines from this file instead of standard input.") Path input;

    @Override
    public Integer call() throws Exception {
        if (!List.of("all", "-1", "1", "0").contains(acks)) {
            throw new CliException("--acks must be all, 1 or 0, not '" + acks + "'.");
        }
        List<Header> recordHeaders = new ArrayList<>();
        Args.keyValues(headers).forEach((k, v) -> recordHeaders.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        if (input != null && !Files.isReadable(input)) {
            throw new CliException("Cannot read the input file " + input + ".");
        }
        Properties overrides = new Properties();
        overrides.put("acks", acks);
        if (!acks.equals("all") && !acks.equals("-1")) {
            overrides.put("enable.idempotence", "false");
        }
        Map<Integer, Long> lastOffset = new TreeMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        KafkaProducer<byte[], byte[]> producer = cluster.producer(overrides);
        try (BufferedReader reader = input != null ? Files.newBufferedReader(input)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && failure.get() == null) {
                byte[] key = null;
                String value = line;
                if (keySeparator != null) {
                    int at = line.indexOf(keySeparator);
                    if (at >= 0) {
                        key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
                        value = line.substring(at + keySeparator.length());
                    }
                }
                producer.send(new ProducerRecord<>(topic, partition, key, value.getBytes(StandardCharsets.UTF_8), recordHeaders), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        synchronized (lastOffset) {
                            lastOffset.merge(md.partition(), md.offset(), Math::max);
                        }
                    }
                });
                sent++;
            }
            producer.flush();
        } finally {
            // Sends are bounded by the delivery timeout; closing need not wait for more.
            producer.close(Duration.ofSeconds(1));
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, Object> value = Json.obj("topic", topic, "records", sent, "lastOffsets", lastOffset);
        new Printer(spec.commandLine().getOut(), cluster.output()).message(value, "Produced " + sent + " record(s) to " + topic);
        return 0;
    }
}
