/**
 * Personal data keys: one data key per data subject (an entity, a comment), wrapped by a master key
 * ({@link io.decidr.eventstore.personal.MasterKey}, shaped like a KMS so a real one can take its place) and kept in
 * PostgreSQL ({@link io.decidr.eventstore.personal.PostgresPersonalKeys}). Erasing a subject deletes its key: whatever
 * was sealed with it (see {@link io.decidr.eventstore.codec.Sealing}) reads as erased from then on, while the
 * append-only log keeps every event.
 */
package io.decidr.eventstore.personal;
