/**
 * Tributary log-engine: the on-disk log of each topic-partition.
 *
 * <p>Public surface: {@link io.tributary.log.PartitionLog} (one per partition directory),
 * {@link io.tributary.log.LogManager} (all partitions of a broker, schedulers, shared index cache),
 * {@link io.tributary.log.LogConfig} / {@link io.tributary.log.LogManagerConfig}, the value types
 * {@link io.tributary.log.AppendResult}, {@link io.tributary.log.LogSlice},
 * {@link io.tributary.log.OffsetAndTimestamp}, the {@link io.tributary.log.LogException} family and
 * the {@link io.tributary.log.LeaderEpochCache}. Everything else lives in {@code internal}.
 *
 * <p>Directory layout of a partition {@code <log.dir>/<topic>-<partition>/}, as in Kafka:
 * <pre>
 *   00000000000000000000.log          v2 record batches exactly as appended (offsets/epoch rewritten in place)
 *   00000000000000000000.index        sparse offset index, 8-byte entries (relativeOffset, position)
 *   00000000000000000000.timeindex    sparse time index, 12-byte entries (timestamp, relativeOffset)
 *   ...one triple per segment, named by the 20-digit base offset; the last segment is active
 *   *.deleted                         segments awaiting removal after file.delete.delay.ms
 *   leader-epoch-checkpoint           epoch → start offset
 *   log-start-offset-checkpoint       advanced by retention and DeleteRecords
 *   recovery-point-offset-checkpoint  everything below it is known to be fsynced
 *   .clean-shutdown                   written last by a clean close, removed at open
 * </pre>
 * Checkpoints are replaced atomically (temp file, fsync, rename, fsync of the directory).
 */
package io.tributary.log;
