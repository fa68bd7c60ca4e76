/** JSON encoding of events (stable type names, upcasting) and of snapshot state (schema-versioned). */
package io.decidr.eventstore.codec;
