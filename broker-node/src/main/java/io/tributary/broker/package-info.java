/** Tributary broker-node. */
package io.tributary.broker;
