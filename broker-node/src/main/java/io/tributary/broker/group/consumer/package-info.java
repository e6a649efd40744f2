/**
 * The KIP-848 consumer group protocol ({@code group.protocol=consumer}): the group state machine,
 * member reconciliation and the server-side assignors. Pure logic: no threads, no clocks, no I/O;
 * the group coordinator drives it and persists what it produces.
 */
package io.tributary.broker.group.consumer;
