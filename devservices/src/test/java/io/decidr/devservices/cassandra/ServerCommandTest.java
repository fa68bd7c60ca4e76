package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCommandTest {

    private static final Path JAVA = Path.of("/jdk17/bin/java");
    private static final List<Path> CLASSPATH = List.of(Path.of("/lib/cassandra-all-5.0.9.jar"), Path.of("/lib/a.jar"));
    private static final DataFolder FOLDER = new DataFolder(Path.of("/data/node"));

    @Test
    void runsTheDaemonOnTheServerClasspathWithTheJdk17ModuleOptions() {
        List<String> command = ServerCommand.build(JAVA, CLASSPATH, CassandraSettings.ephemeral(), FOLDER, 42);

        assertThat(command.getFirst()).isEqualTo("/jdk17/bin/java");
        assertThat(command.getLast()).isEqualTo("org.apache.cassandra.service.CassandraDaemon");
        assertThat(command.get(command.size() - 2)).isEqualTo("/lib/cassandra-all-5.0.9.jar:/lib/a.jar");
        assertThat(command).containsSubsequence(ServerCommand.JDK17_MODULE_OPTIONS);
        assertThat(command).contains("-Xms256m", "-Xmx1g", "-Dcassandra-foreground=yes",
                "-Dcassandra.config=file:///data/node/conf/cassandra.yaml", "-Dcassandra.storagedir=/data/node",
                "-Dlogback.configurationFile=/data/node/conf/logback.xml",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.superuser_setup_delay_ms=0",
                "-Ddecidr.embedded-cassandra.owner=42");
    }

    @Test
    void onlyThrowAwayNodesSkipFsync() {
        List<String> ephemeral = ServerCommand.build(JAVA, CLASSPATH, CassandraSettings.ephemeral(), FOLDER, 1);
        List<String> persistent = ServerCommand.build(JAVA, CLASSPATH,
                CassandraSettings.persistent(Path.of("/data/node")), FOLDER, 1);

        assertThat(ephemeral).contains("-Dcassandra.skip_sync=true", "-Dcassandra.unsafesystem=true");
        assertThat(persistent).noneMatch(option -> option.contains("skip_sync") || option.contains("unsafesystem"));
    }

    @Test
    void jmxOnlyWhenAskedAndExtraOptionsComeLastSoTheyWin() {
        CassandraSettings settings = CassandraSettings.ephemeral().withJmxPort(7199).withHeap("512m", "2g")
                .withExtraJvmOptions(List.of("-Xmx3g"));

        List<String> command = ServerCommand.build(JAVA, CLASSPATH, settings, FOLDER, 1);

        assertThat(command).contains("-Dcassandra.jmx.local.port=7199", "-Xms512m");
        assertThat(command).containsSubsequence("-Xmx2g", "-Xmx3g", "-cp");
        assertThat(ServerCommand.build(JAVA, CLASSPATH, CassandraSettings.ephemeral(), FOLDER, 1))
                .noneMatch(option -> option.startsWith("-Dcassandra.jmx"));
    }
}
