package io.tributary.metadata.record;

import java.util.List;

/**
 * The content of one Raft log entry: preconditions and the records applied atomically when they all
 * hold. {@code v} is the entry format version ({@link MetadataBatchCodec#VERSION}).
 */
public record MetadataBatch(int v, List<Precondition> preconditions, List<MetadataRecord> records) {
    public MetadataBatch {
        preconditions = preconditions == null ? List.of() : List.copyOf(preconditions);
        records = records == null ? List.of() : List.copyOf(records);
    }

    public static MetadataBatch of(List<Precondition> preconditions, List<MetadataRecord> records) {
        return new MetadataBatch(MetadataBatchCodec.VERSION, preconditions, records);
    }
}
