package io.tributary.metadata.image;

/**
 * Subscribes to published images. Called on the replayer's single publisher thread (never on the
 * quorum's apply thread), in log order; a slow listener delays the ones after it, not the quorum.
 */
public interface MetadataListener {

    /** Called once when subscribed, with the latest published image. */
    default void onSubscribed(MetadataImage current) {
    }

    /** A new image was published; {@code delta} lists what changed between the two. */
    void onImage(MetadataImage oldImage, MetadataImage newImage, MetadataDelta delta);
}
