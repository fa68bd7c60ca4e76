package io.decidr.devservices.process;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks the server JVMs a launcher starts with the launcher's pid ({@code -D<property>=<pid>} on the command line),
 * so that a later launcher recognises a server whose launcher died without stopping it. A launcher killed hard
 * (SIGKILL, a test JVM killed on timeout) cannot run its shutdown hook, and its server would keep its memory and
 * ports forever; one whose owner is gone is ours to stop. Servers of live owners, and any process without the
 * marker, are never touched.
 *
 * @param property the system property that carries the owner's pid; one per kind of server
 */
public record OwnerMarker(String property) {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerMarker.class);

    /** The JVM option that marks a server started by this process. */
    public String argument() {
        return argument(ProcessHandle.current().pid());
    }

    public String argument(long ownerPid) {
        return prefix() + ownerPid;
    }

    /** The pid of the process that started this server, if it carries the marker. */
    public OptionalLong owner(ProcessHandle process) {
        return ownerIn(ProcessArguments.of(process));
    }

    /** The live processes that carry the marker, whoever started them. */
    public Stream<ProcessHandle> servers() {
        return ProcessHandle.allProcesses().filter(process -> owner(process).isPresent());
    }

    /**
     * Stops every marked server whose launcher no longer runs: asks it, then kills it after the grace period.
     *
     * @param afterExit given the command line of each orphan that is gone (read before it was stopped), e.g. to
     *                  delete what its launcher would have deleted on stop
     */
    public void stopOrphans(String what, Duration grace, Consumer<List<String>> afterExit) {
        List<ProcessHandle> orphans = servers()
                .filter(server -> ProcessHandle.of(owner(server).getAsLong()).map(o -> !o.isAlive()).orElse(true))
                .toList();
        for (ProcessHandle orphan : orphans) {
            List<String> arguments = ProcessArguments.of(orphan);
            LOG.warn("Stopping {} pid {}: the process that started it ({}) is gone", what, orphan.pid(),
                    ownerIn(arguments).orElse(-1));
            try {
                if (ProcessStop.stop(orphan, grace, what)) {
                    afterExit.accept(arguments);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private OptionalLong ownerIn(List<String> arguments) {
        return arguments.stream()
                .filter(argument -> argument.startsWith(prefix()))
                .mapToLong(argument -> parse(argument.substring(prefix().length())))
                .filter(pid -> pid > 0)
                .findFirst();
    }

    private String prefix() {
        return "-D" + property + "=";
    }

    private static long parse(String pid) {
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
