/**
 * Command handlers: they look up what a command needs from other aggregates (the tenant's status, a
 * collection's schema, an entity's status), put it into the domain command, and send it through the bus.
 * Used by the GraphQL API and by workflow activities alike.
 */
package io.decidr.application.handlers;
