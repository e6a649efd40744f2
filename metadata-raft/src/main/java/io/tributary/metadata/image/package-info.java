/**
 * The materialized metadata: immutable {@link io.tributary.metadata.image.MetadataImage}s built by
 * {@link io.tributary.metadata.image.MetadataReplayer} (the quorum's
 * {@link io.tributary.metadata.quorum.ReplicatedState}) from committed entries, with a
 * {@link io.tributary.metadata.image.MetadataDelta} per entry for listeners. Brokers read the latest
 * image without RPCs or locks; listeners run on one publisher thread, never on the apply thread.
 */
package io.tributary.metadata.image;
