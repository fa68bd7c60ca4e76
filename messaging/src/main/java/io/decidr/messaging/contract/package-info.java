/**
 * The integration events the platform publishes: a contract with subscribers outside it (Tram consumers, webhooks),
 * versioned by type name ({@code entity.archived.v1}). A type's fields are only ever added to; a change that would
 * break a subscriber is a new type ({@code .v2}), published beside the old one while subscribers move. Every event
 * names its tenant. Comment bodies are never published (personal data).
 */
package io.decidr.messaging.contract;
