/** Reading an object's history straight from the event log. */
package io.decidr.eventstore.audit;
