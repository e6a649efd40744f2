package io.tributary.broker.replica;

import io.tributary.log.LogConfig;
import io.tributary.log.PartitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real partition logs in a test's temporary directory, one per topic-partition; closes them all at the end. */
public final class TempDirPartitionLogs implements PartitionLogs, AutoCloseable {
    private final Path dir;
    private final Map<String, PartitionLog> open = new ConcurrentHashMap<>();

    public TempDirPartitionLogs(Path dir) {
        this.dir = dir;
    }

    @Override
    public PartitionLog getOrCreate(String topic, int partition, LogConfig config) {
        return open.computeIfAbsent(topic + "-" + partition, k -> PartitionLog.open(dir.resolve(k), config, Clock.systemUTC()));
    }

    @Override
    public void delete(String topic, int partition) {
        PartitionLog log = open.remove(topic + "-" + partition);
        if (log != null) {
            log.close();
            try (var files = Files.walk(dir.resolve(topic + "-" + partition))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        open.values().forEach(PartitionLog::close);
    }
}
