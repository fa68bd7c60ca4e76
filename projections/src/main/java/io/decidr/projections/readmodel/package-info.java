/**
 * The platform's projections: each decodes one aggregate's events and hands them to a read-model writer
 * (implemented by the Cassandra module).
 */
package io.decidr.projections.readmodel;
