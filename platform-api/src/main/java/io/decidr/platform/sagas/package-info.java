/**
 * Starting the process managers of the {@code workflows} module from the API and waiting for their answer: the
 * mutations that span aggregates run as Temporal workflows (linking, onboarding a tenant, archiving a collection).
 */
package io.decidr.platform.sagas;
