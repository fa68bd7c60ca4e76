package io.decidr.platform.dev;

/**
 * The profile of {@code bin/run}: the token endpoint and GraphiQL here, and the embedded servers that the devservices
 * module's {@code DevEnvironment} starts for it (that module is on the classpath of {@code bin/run}, the tests and
 * the bench, never in the production jar).
 */
public final class DevProfile {

    public static final String NAME = "dev";

    private DevProfile() {
    }
}
