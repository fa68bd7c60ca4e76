/** The generic command bus that runs every decider against the event store. */
package io.decidr.application.command;
