/** What only the {@code dev} profile has: embedded PostgreSQL, a kept signing secret, and the token endpoint. */
package io.decidr.platform.dev;
