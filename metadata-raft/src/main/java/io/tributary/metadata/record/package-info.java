/**
 * The replicated metadata log's content: {@link io.tributary.metadata.record.MetadataRecord}s
 * (mirroring KRaft's records plus Tributary's group-state records), batch
 * {@link io.tributary.metadata.record.Precondition}s, and the versioned JSON entry format
 * ({@link io.tributary.metadata.record.MetadataBatchCodec}).
 *
 * <p>Compatibility rules: record and precondition type names are never renamed; fields may be added
 * (older readers ignore them, newer readers see defaults in older entries); an entry version or
 * record type a node does not know stops that node rather than letting it diverge.
 */
package io.tributary.metadata.record;
