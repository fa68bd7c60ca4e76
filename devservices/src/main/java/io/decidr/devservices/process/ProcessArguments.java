package io.decidr.devservices.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The command line of another process, by which the launchers recognise their servers. */
public final class ProcessArguments {

    private ProcessArguments() {
    }

    /**
     * A process's command line, its executable first. On Linux from {@code /proc/<pid>/cmdline}, because
     * {@link ProcessHandle.Info} reads only its first 4 KB and returns no arguments at all for longer command lines,
     * like a server JVM's with its hundred-jar classpath. Empty when the process is gone.
     */
    public static List<String> of(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            }
        } catch (IOException e) {
            // gone meanwhile, or not ours to read: fall back to what the JDK can tell
        }
        ProcessHandle.Info info = process.info();
        return info.command().map(command -> {
            String[] arguments = info.arguments().orElse(new String[0]);
            String[] all = new String[arguments.length + 1];
            all[0] = command;
            System.arraycopy(arguments, 0, all, 1, arguments.length);
            return Arrays.asList(all);
        }).orElse(List.of());
    }
}
