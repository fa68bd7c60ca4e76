package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CassandraYamlTest {

    @Test
    void putsEverythingUnderTheDataFolderOnTheGivenPorts() {
        String yaml = CassandraYaml.render("decidr-embedded", new DataFolder(Path.of("/data/it's here")), 19042, 17000,
                false);

        assertThat(yaml).contains(
                "cluster_name: 'decidr-embedded'",
                "native_transport_port: 19042",
                "storage_port: 17000",
                "authenticator: AllowAllAuthenticator",
                "- seeds: \"127.0.0.1:17000\"",
                "  - '/data/it''s here/data'",
                "commitlog_directory: '/data/it''s here/commitlog'",
                "saved_caches_directory: '/data/it''s here/saved_caches'",
                "hints_directory: '/data/it''s here/hints'",
                "authenticator: AllowAllAuthenticator",
                "default_secondary_index: sai",
                "listen_address: 127.0.0.1");
    }

    @Test
    void logsToAFileInTheDataFolder() {
        String xml = ServerLogbackConfig.render(Path.of("/data/a&b/logs/system.log"));

        assertThat(xml).contains("<file>/data/a&amp;b/logs/system.log</file>")
                .doesNotContain("ConsoleAppender");
    }

    @Test
    void asksForALoginWhenPasswordAuthenticationIsOn() {
        String yaml = CassandraYaml.render("decidr-embedded", new DataFolder(Path.of("/data")), 19042, 17000, true);

        assertThat(yaml).contains("authenticator: PasswordAuthenticator", "role_manager: CassandraRoleManager")
                .doesNotContain("AllowAllAuthenticator");
    }
}
