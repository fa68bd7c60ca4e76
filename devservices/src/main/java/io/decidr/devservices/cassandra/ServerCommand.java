package io.decidr.devservices.cassandra;

import io.decidr.devservices.process.OwnerMarker;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The command line of the server JVM. */
final class ServerCommand {

    static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

    /**
     * Marks a server JVM with the pid of the process that launched it, so a later launcher can recognise a
     * server whose owner died without stopping it.
     */
    static final OwnerMarker OWNER = new OwnerMarker("decidr.embedded-cassandra.owner");

    /** The option that names a server's data folder, by which a launcher finds the server using a folder. */
    static final String STORAGE_DIR = "-Dcassandra.storagedir=";

    /**
     * What Cassandra 5.0's {@code conf/jvm17-server.options} opens and exports: it reaches into JDK internals
     * (direct buffers, file channels, Unsafe, RMI for JMX, the attach API for its own agent).
     */
    static final List<String> JDK17_MODULE_OPTIONS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports=java.sql/java.sql=ALL-UNNAMED",
            "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            // netty settings from the same file
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    private ServerCommand() {
    }

    static List<String> build(Path java, List<Path> classpath, CassandraSettings settings, DataFolder folder,
                              long ownerPid) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xms" + settings.initialHeap());
        command.add("-Xmx" + settings.maxHeap());
        // On 2 cores the C2 compiler threads and G1's helpers compete with start-up itself: C1 only and the
        // serial collector halve the time to a usable node. Peak throughput is not what a dev node needs.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.addAll(JDK17_MODULE_OPTIONS);
        command.add("-Dcassandra-foreground=yes");
        command.add("-Dcassandra.config=" + folder.cassandraYaml().toUri());
        if (settings.passwordAuthentication()) {
            // the default superuser is made at once rather than after the usual 10 s, so the node serves logins as
            // soon as it accepts sessions
            command.add("-Dcassandra.superuser_setup_delay_ms=0");
        }
        command.add(STORAGE_DIR + folder.root());
        command.add("-Dcassandra.logdir=" + folder.logs());
        command.add("-Dcassandra.triggers_dir=" + folder.triggers());
        command.add("-Dlogback.configurationFile=" + folder.logbackXml());
        // a single node has nobody to gossip with, and the nodes of a local cluster start one after another (the
        // cluster then waits until each lists the others): do not wait for the ring to settle
        command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        command.add("-Dcassandra.ring_delay_ms=100");
        command.add("-Dcassandra.superuser_setup_delay_ms=0");
        // shutdown announces itself to (absent) peers and sleeps 2 s by default
        command.add("-Dcassandra.shutdown_announce_in_ms=0");
        // chronicle (audit/full-query log libraries) would otherwise try to phone home
        command.add("-Dchronicle.analytics.disable=true");
        command.add("-Dchronicle.announcer.disable=true");
        if (settings.jmxPort() > 0) {
            command.add("-Dcassandra.jmx.local.port=" + settings.jmxPort());
        }
        if (!settings.durable()) {
            // throw-away data: no fsync, and DDL does not flush the schema tables (makes CREATE TABLE fast)
            command.add("-Dcassandra.skip_sync=true");
            command.add("-Dcassandra.unsafesystem=true");
            command.add("-Dcassandra.test.flush_local_schema_changes=false");
        }
        command.add(OWNER.argument(ownerPid));
        command.addAll(settings.extraJvmOptions());
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(MAIN_CLASS);
        return command;
    }
}
