/** Following {@code $all} as events commit: notifications and the commit-safe feed. */
package io.decidr.eventstore.feed;
