/** The platform's aggregates registered with the command bus, and the JSON layout of their events and states. */
package io.decidr.eventstore.aggregates;
