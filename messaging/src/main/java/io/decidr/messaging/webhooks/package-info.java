/**
 * Webhooks for product teams: an admin subscribes an HTTPS endpoint to integration event types of the tenant
 * ({@link io.decidr.messaging.webhooks.WebhookAdmin}); the Tram subscriber
 * ({@link io.decidr.messaging.webhooks.WebhookSubscriber}) enqueues a delivery per event and endpoint; the dispatcher
 * ({@link io.decidr.messaging.webhooks.WebhookDispatcher}) sends them signed ({@link io.decidr.messaging.webhooks.Signatures}),
 * in order per endpoint and aggregate, retried with backoff, then dead-lettered; the endpoint policy
 * ({@link io.decidr.messaging.webhooks.EndpointPolicy}) keeps them off the platform itself and internal networks.
 */
package io.decidr.messaging.webhooks;
