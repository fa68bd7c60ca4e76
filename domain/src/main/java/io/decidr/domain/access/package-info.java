/** Who acts, with which roles, in which tenant. */
package io.decidr.domain.access;
