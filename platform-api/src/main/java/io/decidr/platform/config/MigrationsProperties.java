package io.decidr.platform.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code decidr.migrations.mode}: who brings the PostgreSQL and CQL schemas up to date.
 *
 * @param mode {@code on-start} (the default: every process applies what is missing as it starts, fine for one
 *             process), {@code skip} (a replica applies nothing and refuses to start on a schema behind its build:
 *             replicas never race on DDL) or {@code only} (apply everything, then exit: the release's migration job)
 */
@ConfigurationProperties("decidr.migrations")
public record MigrationsProperties(Mode mode) {

    public enum Mode { ON_START, SKIP, ONLY }

    public MigrationsProperties {
        mode = mode == null ? Mode.ON_START : mode;
    }
}
