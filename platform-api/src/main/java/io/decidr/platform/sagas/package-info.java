/**
 * Wiring of the sagas of the {@code workflows} module: their activities as Spring beans for the worker, and their
 * typed clients ({@code LinkClient}, {@code OnboardingClient}, {@code ArchiveClient}) for the mutations.
 */
package io.decidr.platform.sagas;
