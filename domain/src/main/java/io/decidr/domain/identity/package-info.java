/** Parsing of the ids that arrive from outside. */
package io.decidr.domain.identity;
