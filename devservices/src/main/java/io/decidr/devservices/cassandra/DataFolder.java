package io.decidr.devservices.cassandra;

import java.nio.file.Path;

/** The layout of a node's data folder: everything the server writes, its generated config and its logs. */
record DataFolder(Path root) {

    Path data() {
        return root.resolve("data");
    }

    Path commitLog() {
        return root.resolve("commitlog");
    }

    Path savedCaches() {
        return root.resolve("saved_caches");
    }

    Path hints() {
        return root.resolve("hints");
    }

    Path cdcRaw() {
        return root.resolve("cdc_raw");
    }

    /** Where Cassandra looks for trigger jars; it complains when the folder is missing. */
    Path triggers() {
        return root.resolve("triggers");
    }

    Path conf() {
        return root.resolve("conf");
    }

    Path cassandraYaml() {
        return conf().resolve("cassandra.yaml");
    }

    Path logbackXml() {
        return conf().resolve("logback.xml");
    }

    Path logs() {
        return root.resolve("logs");
    }

    /** Cassandra's own log, written by logback. */
    Path systemLog() {
        return logs().resolve("system.log");
    }

    /** The JVM's stdout and stderr: what happens before logback is up (bad flags, missing classes). */
    Path consoleLog() {
        return logs().resolve("console.log");
    }
}
