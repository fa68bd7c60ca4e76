/**
 * What users are shown of a failure whose detail only operators should read: a stable code, a short message and the
 * incident id under which the full detail is logged.
 */
package io.decidr.domain.failure;
