package io.tributary.metadata.controller;

import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.Precondition;
import java.util.ArrayList;
import java.util.List;

/** Collects the preconditions and records of one controller decision. Not thread-safe; short-lived. */
final class BatchBuilder {
    private final List<Precondition> preconditions = new ArrayList<>();
    private final List<MetadataRecord> records = new ArrayList<>();

    BatchBuilder require(Precondition p) {
        if (!preconditions.contains(p)) {
            preconditions.add(p);
        }
        return this;
    }

    BatchBuilder add(MetadataRecord r) {
        records.add(r);
        return this;
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    List<MetadataRecord> records() {
        return records;
    }

    <T> ControllerResult<T> build(T response) {
        return new ControllerResult<>(preconditions, records, response);
    }
}
