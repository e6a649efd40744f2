/**
 * The active controller. {@link io.tributary.metadata.controller.ControllerLogic} holds every
 * decision as pure, single-threaded code (image + time in, records + response out);
 * {@link io.tributary.metadata.controller.ActiveController} is its event loop, registered with the
 * quorum as request handler and leadership listener, and writes one batch at a time through the
 * {@link io.tributary.metadata.quorum.LogProposer}.
 *
 * <p>Wiring on a node: {@code replayer = new MetadataReplayer()}; the quorum applies entries to it;
 * {@code controller = ActiveController.create(new ControllerConfig(props), replayer::image, quorum)};
 * register {@code controller} as the quorum's leadership listener and controller request handler.
 */
package io.tributary.metadata.controller;
