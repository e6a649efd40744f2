package io.tributary.metadata.controller;

import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.Precondition;
import java.util.List;

/**
 * What a controller command decided: the records to write (atomically, guarded by the
 * preconditions) and the response to send once they are applied. Nothing is mutated by producing
 * one; state changes only when the records are replayed.
 */
public record ControllerResult<T>(List<Precondition> preconditions, List<MetadataRecord> records, T response) {
    public ControllerResult {
        preconditions = List.copyOf(preconditions);
        records = List.copyOf(records);
    }

    public static <T> ControllerResult<T> of(T response) {
        return new ControllerResult<>(List.of(), List.of(), response);
    }

    public boolean hasRecords() {
        return !records.isEmpty();
    }
}
