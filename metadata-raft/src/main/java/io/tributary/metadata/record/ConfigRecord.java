package io.tributary.metadata.record;

/** Sets one config key of a resource; {@code value == null} deletes the key. */
public record ConfigRecord(ConfigResourceType resourceType, String resourceName, String name, String value)
        implements MetadataRecord {
}
