package io.tributary.log.internal;

/** The two indexes of one segment, loaded together. */
public record SegmentIndexes(OffsetIndex offsetIndex, TimeIndex timeIndex) {
}
