package io.tributary.metadata.image;

import io.tributary.metadata.record.ConfigResourceType;

/** Identifies a resource that carries configs. */
public record ConfigResourceKey(ConfigResourceType type, String name) {
}
