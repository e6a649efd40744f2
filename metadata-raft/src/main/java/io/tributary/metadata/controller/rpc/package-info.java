/**
 * Requests to the active controller and their responses, as sealed hierarchies of records with a
 * JSON codec ({@link io.tributary.metadata.controller.rpc.ControllerRpcCodec}); error codes are
 * Kafka's {@code Errors} codes.
 */
package io.tributary.metadata.controller.rpc;
