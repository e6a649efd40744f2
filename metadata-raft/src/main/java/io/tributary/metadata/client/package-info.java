/**
 * The broker's side: {@link io.tributary.metadata.client.MetadataClient} (typed controller calls with
 * bounded retries over a {@link io.tributary.metadata.client.ControllerChannel}) and
 * {@link io.tributary.metadata.client.BrokerLifecycle} (registration, heartbeats, controlled
 * shutdown), both driven by an injectable {@link io.tributary.metadata.client.Scheduler}.
 */
package io.tributary.metadata.client;
