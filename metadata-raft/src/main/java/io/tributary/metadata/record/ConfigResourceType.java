package io.tributary.metadata.record;

/** The kind of resource a {@link ConfigRecord} applies to (a subset of Kafka's ConfigResource.Type). */
public enum ConfigResourceType {
    TOPIC,
    BROKER,
    /** Cluster-wide dynamic defaults; the resource name is empty. */
    CLUSTER
}
