/**
 * Entities: the records of a collection, with values checked against the collection's schema, links to other
 * entities, and the backlinks other entities hold to them. Members and admins change them.
 *
 * <p>A link spans two aggregates: the source records {@link io.decidr.domain.entity.EntityLinked}, the target
 * {@link io.decidr.domain.entity.BacklinkAdded}; a workflow issues both and compensates with
 * {@link io.decidr.domain.entity.UnlinkEntity} and {@link io.decidr.domain.entity.RemoveBacklink}, which is
 * why those two are idempotent and allowed on archived entities.
 */
package io.decidr.domain.entity;
