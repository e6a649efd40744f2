package io.tributary.broker.replica;

import io.tributary.log.LogConfig;
import io.tributary.log.PartitionLog;

/**
 * Where the replica manager gets partition logs from: the log-engine's {@code LogManager} in a
 * broker, a directory of plain logs in tests.
 */
public interface PartitionLogs {

    /** The partition's log, opened (and recovered) or created. */
    PartitionLog getOrCreate(String topic, int partition, LogConfig config);

    /** Closes and deletes the partition's log. */
    void delete(String topic, int partition);
}
