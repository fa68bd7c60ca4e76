/** Spring wiring of the event store and command bus. */
package io.decidr.platform.config;
