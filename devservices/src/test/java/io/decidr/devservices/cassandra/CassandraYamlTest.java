package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraYamlTest {

    @Test
    void putsEverythingUnderTheDataFolderOnTheGivenPorts() {
        String yaml = CassandraYaml.render(CassandraSettings.ephemeral(), new DataFolder(Path.of("/data/it's here")),
                19042, 17000);

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
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "initial_token: 0",
                "hinted_handoff_enabled: false");
    }

    @Test
    void aClusterNodeBindsItsOwnAddressOwnsItsTokenGossipsWithTheSeedAndKeepsHints() {
        ClusterMembership second = ClusterMembership.member(1, 3, List.of(new InetSocketAddress("127.0.0.1", 17000)));

        String yaml = CassandraYaml.render(CassandraSettings.ephemeral().withMembership(second),
                new DataFolder(Path.of("/data")), 19042, 17001);

        assertThat(yaml).contains(
                "listen_address: 127.0.0.2",
                "rpc_address: 127.0.0.2",
                "storage_port: 17001",
                "num_tokens: 1",
                "initial_token: -3074457345618258603",
                "- seeds: \"127.0.0.1:17000\"",
                "hinted_handoff_enabled: true");
    }

    @Test
    void logsToAFileInTheDataFolder() {
        String xml = ServerLogbackConfig.render(Path.of("/data/a&b/logs/system.log"));

        assertThat(xml).contains("<file>/data/a&amp;b/logs/system.log</file>")
                .doesNotContain("ConsoleAppender");
    }

    @Test
    void asksForALoginWhenPasswordAuthenticationIsOn() {
        String yaml = CassandraYaml.render(CassandraSettings.ephemeral().withPasswordAuthentication(true),
                new DataFolder(Path.of("/data")), 19042, 17000);

        assertThat(yaml).contains("authenticator: PasswordAuthenticator", "role_manager: CassandraRoleManager")
                .doesNotContain("AllowAllAuthenticator");
    }
}
