/**
 * The {@code dev} profile's servers for the application: {@link io.decidr.devservices.devprofile.DevEnvironment}
 * starts the embedded PostgreSQL, Cassandra and a Temporal server before the application context, keeps their data
 * in the checkout's {@code .data}, and points the application's properties at them. The profile's API features
 * (the token endpoint, GraphiQL) are the application's own, in platform-api.
 */
package io.decidr.devservices.devprofile;
