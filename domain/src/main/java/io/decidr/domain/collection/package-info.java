/**
 * Collections: a tenant's kinds of entity and their schema, an ordered list of typed attributes. Only admins
 * change them; an archived collection accepts no changes.
 */
package io.decidr.domain.collection;
