/** Tributary metadata-raft. */
package io.tributary.metadata;
