package io.tributary.bench;

import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.MetadataReplayer;
import io.tributary.metadata.record.MetadataBatch;
import io.tributary.metadata.record.MetadataBatchCodec;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.OffsetCommitRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: applying one offset-commit entry (6 partitions of one group) to the metadata image, as every
 * node does for every commit, while {@code groups} groups hold committed offsets. Decoding the
 * entry is included; the Raft log is not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.internal.verbosity=ERROR")
public class ImageApplyBenchmark {

    private static final int ENTRIES = 1024;
    private static final Uuid TOPIC = new Uuid(1, 2);

    @Param({"100", "10000"})
    public int groups;

    private MetadataReplayer replayer;
    private byte[][] entries;
    private long index;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        replayer = new MetadataReplayer();
        for (int g = 0; g < groups; g++) {
            replayer.apply(++index, entry(List.of(commit(g, 0, 1L))));
        }
        entries = new byte[ENTRIES][];
        for (int i = 0; i < ENTRIES; i++) {
            List<MetadataRecord> records = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                records.add(commit(i % groups, p, i));
            }
            entries[i] = entry(records);
        }
    }

    @Benchmark
    public MetadataImage applyOffsetCommit() {
        replayer.apply(++index, entries[next++ & (ENTRIES - 1)]);
        return replayer.image();
    }

    @TearDown(Level.Trial)
    public void close() {
        replayer.close();
    }

    private static OffsetCommitRecord commit(int group, int partition, long offset) {
        return new OffsetCommitRecord("group-" + group, TOPIC, partition, offset, 0, "", 1L);
    }

    private static byte[] entry(List<MetadataRecord> records) {
        return MetadataBatchCodec.encode(MetadataBatch.of(List.of(), records));
    }
}
