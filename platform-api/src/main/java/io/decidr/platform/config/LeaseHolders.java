package io.decidr.platform.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Names of lease holders (projector runners, the outbox relay): unique per process, readable by an operator. */
public final class LeaseHolders {

    private LeaseHolders() {
    }

    /** The pod's name in Kubernetes (HOSTNAME), else the host's; with the pid and a random part. */
    public static String unique() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    }
}
