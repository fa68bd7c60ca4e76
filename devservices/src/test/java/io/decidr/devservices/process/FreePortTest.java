package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Ports are free or taken per address: the nodes of a local cluster bind 127.0.0.1, 127.0.0.2 and 127.0.0.3. */
class FreePortTest {

    private static final InetAddress FIRST = address("127.0.0.1");
    private static final InetAddress SECOND = address("127.0.0.2");

    @Test
    void a_port_taken_on_one_loopback_address_is_free_on_another() throws IOException {
        assumeTrue(bindable(SECOND), "127.0.0.2 is not a local address here (Linux routes all of 127/8 to lo)");
        try (ServerSocket taken = new ServerSocket(0, 1, FIRST)) {
            int port = taken.getLocalPort();

            assertThat(FreePort.isFree(port)).isFalse();
            assertThat(FreePort.isFree(port, FIRST)).isFalse();
            assertThat(FreePort.isFree(port, SECOND)).isTrue();
            assertThat(FreePort.requireFree(port, SECOND, () -> "taken")).isEqualTo(port);
            assertThatThrownBy(() -> FreePort.requireFree(port, FIRST, () -> "taken on 127.0.0.1"))
                    .isInstanceOf(DevServiceException.class).hasMessage("taken on 127.0.0.1");
        }
    }

    @Test
    void a_wildcard_listener_takes_the_port_on_every_address() throws IOException {
        assumeTrue(bindable(SECOND), "127.0.0.2 is not a local address here");
        try (ServerSocket everywhere = new ServerSocket(0, 1, null)) {
            int port = everywhere.getLocalPort();

            assertThat(FreePort.isFree(port, FIRST)).isFalse();
            assertThat(FreePort.isFree(port, SECOND)).isFalse();
        }
    }

    @Test
    void picks_a_port_free_on_the_address_asked_for() throws IOException {
        assumeTrue(bindable(SECOND), "127.0.0.2 is not a local address here");
        int port = FreePort.pick(SECOND);

        try (ServerSocket bound = new ServerSocket(port, 1, SECOND)) {
            assertThat(bound.getLocalPort()).isEqualTo(port);
        }
    }

    private static boolean bindable(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
