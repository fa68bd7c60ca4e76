/**
 * What only the {@code dev} profile has in the API: the token endpoint, GraphiQL served from the jar, and a welcome
 * in the log. Its embedded servers and kept signing secret come from the devservices module ({@code DevEnvironment}),
 * which the production jar does not contain.
 */
package io.decidr.platform.dev;
