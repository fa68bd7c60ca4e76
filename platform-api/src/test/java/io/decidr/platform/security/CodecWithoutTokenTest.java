package io.decidr.platform.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The token-less codec endpoint (a decryption oracle) starts only in the dev profile on the loopback interface. */
class CodecWithoutTokenTest {

    @Test
    void only_the_dev_profile_on_loopback_may_open_the_codec_endpoint() {
        MockEnvironment dev = new MockEnvironment().withProperty("server.address", "127.0.0.1");
        dev.setActiveProfiles("dev");
        assertThatCode(() -> SecurityConfiguration.requireLocalDevelopment(dev)).doesNotThrowAnyException();

        MockEnvironment production = new MockEnvironment().withProperty("server.address", "127.0.0.1");
        assertThatThrownBy(() -> SecurityConfiguration.requireLocalDevelopment(production))
                .hasMessageContaining("dev profile only");

        MockEnvironment opened = new MockEnvironment().withProperty("server.address", "0.0.0.0");
        opened.setActiveProfiles("dev");
        assertThatThrownBy(() -> SecurityConfiguration.requireLocalDevelopment(opened)).hasMessageContaining("loopback");

        MockEnvironment everywhere = new MockEnvironment();
        everywhere.setActiveProfiles("dev");
        assertThatThrownBy(() -> SecurityConfiguration.requireLocalDevelopment(everywhere)).hasMessageContaining("loopback");
    }
}
