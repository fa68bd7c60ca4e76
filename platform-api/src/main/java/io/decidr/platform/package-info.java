/** The Spring Boot application that serves the platform. */
package io.decidr.platform;
