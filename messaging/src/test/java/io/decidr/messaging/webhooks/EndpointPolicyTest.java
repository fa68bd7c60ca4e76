package io.decidr.messaging.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decidr.messaging.webhooks.EndpointPolicy.Refused;
import io.decidr.messaging.webhooks.EndpointPolicy.Settings;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard without a network: host names resolve through a map the test controls ({@link Names}), IP literals
 * are parsed by the policy itself. The platform listens on 8080 (API) and 9090 (management) in these settings.
 */
class EndpointPolicyTest {

    private static final Set<Integer> PLATFORM_PORTS = Set.of(8080, 9090);
    private static final Settings STRICT = new Settings(false, List.of(), PLATFORM_PORTS, Set.of("API.Decidr.example"));

    private final Names names = new Names()
            .answer("hooks.example.com", "93.184.216.34")
            .answer("localhost", "127.0.0.1")
            .answer("split.example.com", "93.184.216.34", "10.0.0.5")
            .answer("api.decidr.example", "93.184.216.35");
    private final EndpointPolicy policy = new EndpointPolicy(STRICT, names);

    @Test
    void accepts_a_public_https_url_and_normalizes_scheme_and_host() throws Refused {
        assertThat(policy.check("HTTPS://Hooks.Example.COM:8443/Events/A%20b?tenant=%41"))
                .isEqualTo(URI.create("https://hooks.example.com:8443/Events/A%20b?tenant=%41"));
        assertThat(policy.check("https://hooks.example.com")).isEqualTo(URI.create("https://hooks.example.com"));
        assertThat(policy.check("  https://hooks.example.com/x  ")).isEqualTo(URI.create("https://hooks.example.com/x"));
    }

    @Test
    void accepts_public_ip_literals_without_asking_the_resolver() throws Refused {
        // (no platform host names here: those are resolved too, to refuse their addresses)
        EndpointPolicy noDns = new EndpointPolicy(new Settings(false, List.of(), PLATFORM_PORTS, Set.of()), host -> {
            throw new AssertionError("an IP literal was handed to the resolver: " + host);
        });

        assertThat(noDns.check("https://93.184.216.34/hook")).hasHost("93.184.216.34");
        assertThat(noDns.check("https://[2606:4700:4700::1111]/hook")).hasHost("[2606:4700:4700::1111]");
    }

    @Test
    void refuses_http_unless_allowed() throws Refused {
        assertThatThrownBy(() -> policy.check("http://hooks.example.com/"))
                .isInstanceOf(Refused.class).hasMessage("only https:// URLs are accepted");

        EndpointPolicy withHttp = new EndpointPolicy(new Settings(true, List.of(), PLATFORM_PORTS, Set.of()), names);
        assertThat(withHttp.check("HTTP://hooks.example.com/")).isEqualTo(URI.create("http://hooks.example.com/"));
        assertThatThrownBy(() -> withHttp.check("ftp://hooks.example.com/"))
                .isInstanceOf(Refused.class).hasMessage("only http:// and https:// URLs are accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // IPv4: any-local, "this network", loopback, link-local and the metadata service, private, CGNAT,
            // IETF protocol assignments, benchmarking, multicast, reserved, broadcast
            "0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.255.254", "169.254.169.254", "169.254.0.1", "10.0.0.1",
            "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "100.64.0.1", "100.127.255.255",
            "192.0.0.8", "198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1",
            "255.255.255.255",
            // IPv6: any-local, loopback, link-local, site-local, unique local, multicast, local-use NAT64
            "[::]", "[::1]", "[fe80::1]", "[febf:ffff::1]", "[fec0::1]", "[fc00::1]", "[fd00:ec2::254]", "[ff02::1]",
            "[64:ff9b:1::a00:1]",
            // IPv6 forms judged by the IPv4 address they embed: mapped, compatible, NAT64, 6to4
            "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:169.254.169.254]", "[::ffff:10.0.0.1]",
            "[::127.0.0.1]", "[::10.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b::192.168.0.1]", "[2002:a00:1::]",
            "[2002:7f00:1::1]", "[2002:a9fe:a9fe::1]"})
    void refuses_internal_address_literals(String host) {
        assertThatThrownBy(() -> policy.check("https://" + host + "/hook"))
                .isInstanceOf(Refused.class)
                .hasMessageContaining(" is ")
                .hasMessageEndingWith("webhooks may only reach public addresses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"11.0.0.1", "126.255.255.255", "128.0.0.1", "169.255.0.1", "172.32.0.1",
            "172.15.255.255", "100.63.255.255", "100.128.0.1", "192.0.1.1", "192.169.0.1", "198.17.255.255",
            "198.20.0.1", "223.255.255.255", "[2001:4860:4860::8888]",
            "[64:ff9b::5db8:d822]", "[2002:5db8:d822::1]", "[::ffff:93.184.216.34]"})
    void accepts_public_addresses_just_outside_the_internal_blocks(String host) {
        assertThatNoException().isThrownBy(() -> policy.check("https://" + host + "/hook"));
    }

    @Test
    void names_the_block_that_refused() {
        assertThatThrownBy(() -> policy.check("https://169.254.169.254/latest/meta-data/"))
                .hasMessage("169.254.169.254 is the cloud metadata address; webhooks may only reach public addresses");
        assertThatThrownBy(() -> policy.check("https://[::ffff:a9fe:a9fe]/"))
                .hasMessageStartingWith("::ffff:a9fe:a9fe is the cloud metadata address");
        assertThatThrownBy(() -> policy.check("https://[64:ff9b::a00:1]/"))
                .hasMessage("64:ff9b::a00:1 is a private address (it embeds the IPv4 address 10.0.0.1);"
                        + " webhooks may only reach public addresses");
    }

    @Test
    void refuses_names_that_resolve_to_an_internal_address() {
        assertThatThrownBy(() -> policy.check("https://localhost/hook"))
                .isInstanceOf(Refused.class)
                .hasMessage("localhost resolves to an address that is a loopback address;"
                        + " webhooks may only reach public addresses");
        assertThatThrownBy(() -> policy.check("https://LOCALHOST./hook"))
                .isInstanceOf(Refused.class).hasMessageContaining("a loopback address");
    }

    @Test
    void one_internal_address_among_public_ones_refuses_the_url() {
        assertThatThrownBy(() -> policy.check("https://split.example.com/hook"))
                .isInstanceOf(Refused.class)
                .hasMessageStartingWith("split.example.com resolves to an address that is a private address");
    }

    @Test
    void judges_an_ipv4_mapped_answer_of_the_resolver_by_its_ipv4_address() throws UnknownHostException {
        // the JDK would turn these bytes into an Inet4Address; a resolver may still hand over an Inet6Address
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                (byte) 254};
        InetAddress sneaky = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(sneaky).isInstanceOf(Inet6Address.class);
        EndpointPolicy viaMapped = new EndpointPolicy(new Settings(false, List.of(), PLATFORM_PORTS, Set.of()),
                host -> new InetAddress[] {sneaky});

        assertThatThrownBy(() -> viaMapped.check("https://mapped.example.com/"))
                .isInstanceOf(Refused.class).hasMessageContaining("the cloud metadata address");
    }

    @Test
    void refuses_ipv4_literals_that_parsers_read_differently() {
        for (String host : List.of("2130706433", "0177.0.0.1", "127.000.0.1", "0x7f.0.0.1", "127.1", "127.0.0.1.",
                "1.2.3.4.5", "256.0.0.1")) {
            assertThatThrownBy(() -> policy.check("https://" + host + "/")).as(host).isInstanceOf(Refused.class);
        }
    }

    @Test
    void an_allowed_network_admits_internal_addresses_but_never_the_platform_itself() throws Refused {
        EndpointPolicy local = new EndpointPolicy(
                new Settings(true, List.of("127.0.0.0/8", "::1/128"), PLATFORM_PORTS, Set.of()), names);

        assertThat(local.check("https://127.0.0.1:9000/hook")).hasPort(9000);
        assertThat(local.check("http://localhost:3000/hook")).hasHost("localhost");
        assertThat(local.check("https://[::1]:9000/hook")).hasPort(9000);
        assertThat(local.check("https://[::ffff:127.0.0.2]:9000/hook")).hasPort(9000);
        for (String url : List.of("https://127.0.0.1:8080/api", "http://localhost:9090/actuator",
                "https://127.8.9.10:8080/", "https://[::1]:8080/", "https://[::ffff:127.0.0.1]:9090/",
                "https://0.0.0.0:8080/", "https://[::]:8080/")) {
            assertThatThrownBy(() -> local.check(url)).as(url)
                    .isInstanceOf(Refused.class).hasMessageContaining("is this platform itself");
        }
        // still only the allowed networks: a private address outside them stays refused
        assertThatThrownBy(() -> local.check("https://10.0.0.1:9000/"))
                .isInstanceOf(Refused.class).hasMessageContaining("a private address");
    }

    @Test
    void the_default_port_of_the_scheme_counts_as_the_port() throws Refused {
        EndpointPolicy onStandardPorts = new EndpointPolicy(
                new Settings(true, List.of("127.0.0.0/8"), Set.of(80, 443), Set.of()), names);

        assertThatThrownBy(() -> onStandardPorts.check("https://127.0.0.1/"))
                .isInstanceOf(Refused.class).hasMessage("127.0.0.1 is this platform itself (port 443)");
        assertThatThrownBy(() -> onStandardPorts.check("http://localhost/"))
                .isInstanceOf(Refused.class)
                .hasMessage("localhost resolves to an address that is this platform itself (port 80)");
        assertThat(onStandardPorts.check("https://127.0.0.1:8443/")).hasPort(8443);
    }

    @Test
    void an_address_of_one_of_this_machines_interfaces_with_a_platform_port_is_the_platform() throws Exception {
        InetAddress own = ownNonLoopbackAddress();
        assumeTrue(own != null, "this machine has no interface address besides loopback");
        // every network allowed: only the platform rule can refuse
        EndpointPolicy open = new EndpointPolicy(
                new Settings(false, List.of("0.0.0.0/0", "::/0"), PLATFORM_PORTS, Set.of()),
                host -> new InetAddress[] {own});

        assertThatThrownBy(() -> open.check("https://me.example.com:8080/"))
                .isInstanceOf(Refused.class).hasMessageContaining("is this platform itself (port 8080)");
        assertThat(open.check("https://me.example.com:8443/")).hasPort(8443);
    }

    @Test
    void refuses_the_platforms_own_host_names_whatever_the_case_port_or_address() {
        for (String url : List.of("https://api.decidr.example/", "https://API.DECIDR.EXAMPLE:9999/hook",
                "https://api.decidr.example./")) {
            assertThatThrownBy(() -> policy.check(url)).as(url)
                    .isInstanceOf(Refused.class).hasMessage("api.decidr.example is this platform's own host");
        }
    }

    @Test
    void refuses_urls_of_the_wrong_shape() {
        Map<String, String> refusals = new HashMap<>();
        refusals.put(null, "a webhook URL is required");
        refusals.put("", "a webhook URL is required");
        refusals.put("   ", "a webhook URL is required");
        refusals.put("https://hooks.example.com/" + "a".repeat(2048), "the URL is longer than 2048 characters");
        refusals.put("/hooks/orders", "the URL must be absolute (https://)");
        refusals.put("hooks.example.com/orders", "the URL must be absolute (https://)");
        refusals.put("ftp://hooks.example.com/", "only https:// URLs are accepted");
        refusals.put("https:hooks.example.com", "the URL must name a host");
        refusals.put("https:///path", "the URL must name a host");
        refusals.put("https://under_score.example.com/", "the URL does not name a valid host");
        refusals.put("https://user:secret@hooks.example.com/", "the URL must not contain a user name or password");
        refusals.put("https://user@hooks.example.com/", "the URL must not contain a user name or password");
        refusals.put("https://hooks.example.com/#frag", "the URL must not contain a fragment (#...)");
        refusals.put("https://hooks.example.com/#", "the URL must not contain a fragment (#...)");
        refusals.put("https://hooks.example.com:0/", "port 0 is not in 1..65535");
        refusals.put("https://hooks.example.com:65536/", "port 65536 is not in 1..65535");
        refusals.put("https://[fe80::1%25eth0]/", "fe80::1%25eth0: IPv6 zone ids are not accepted");

        refusals.forEach((url, reason) -> assertThatThrownBy(() -> policy.check(url)).as(url)
                .isInstanceOf(Refused.class).hasMessage(reason));
        assertThatThrownBy(() -> policy.check("https://hooks example.com/"))
                .isInstanceOf(Refused.class).hasMessageStartingWith("not a valid URL: ");
    }

    @Test
    void a_url_of_2048_characters_is_still_accepted() throws Refused {
        String url = "https://hooks.example.com/";
        url += "a".repeat(2048 - url.length());

        assertThat(policy.check(url).toString()).hasSize(2048);
    }

    @Test
    void refuses_a_host_that_does_not_resolve() {
        assertThatThrownBy(() -> policy.check("https://nowhere.example.com/hook"))
                .isInstanceOf(Refused.class).hasMessage("nowhere.example.com does not resolve");
        EndpointPolicy empty = new EndpointPolicy(STRICT, host -> new InetAddress[0]);
        assertThatThrownBy(() -> empty.check("https://hooks.example.com/"))
                .isInstanceOf(Refused.class).hasMessage("hooks.example.com does not resolve");
    }

    @Test
    void settings_reject_a_bad_network_naming_it() {
        for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0/8", "banana/8",
                "hooks.example.com/24", "010.0.0.0/8", "10.1.2.3/16", "::1/129", "fe80::zz/10", "::ffff:10.0.0.0/104",
                "")) {
            assertThatThrownBy(() -> new Settings(false, List.of("127.0.0.0/8", bad), Set.of(), Set.of()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"");
        }
        assertThatThrownBy(() -> new Settings(false, List.of("10.1.2.3/16"), Set.of(), Set.of()))
                .hasMessageContaining("did you mean 10.1.0.0/16?");
        assertThatThrownBy(() -> new Settings(false, List.of(), Set.of(0), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatNoException().isThrownBy(() -> new Settings(false,
                List.of("0.0.0.0/0", "10.1.0.0/16", "192.168.4.0/22", "fd00::/8", "::1/128", "::/0"), Set.of(), Set.of()));
    }

    @Test
    void settings_keep_their_own_copies() {
        List<String> networks = new ArrayList<>(List.of("10.0.0.0/8"));
        Settings settings = new Settings(false, networks, Set.of(), Set.of());
        networks.add("not a network");

        assertThat(settings.allowedNetworks()).containsExactly("10.0.0.0/8");
        assertThatThrownBy(() -> settings.allowedNetworks().add("192.168.0.0/16"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void at_delivery_resolves_again_and_refuses_a_name_rebound_to_an_internal_address() throws Refused {
        URI registered = policy.check("https://hooks.example.com/hook");
        assertThat(policy.checkAtDelivery(registered)).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");

        names.answer("hooks.example.com", "93.184.216.34", "192.168.1.20");

        assertThatThrownBy(() -> policy.checkAtDelivery(registered))
                .isInstanceOf(Refused.class)
                .hasMessageStartingWith("hooks.example.com resolves to an address that is a private address");
        names.answer("hooks.example.com");
        assertThatThrownBy(() -> policy.checkAtDelivery(registered))
                .isInstanceOf(Refused.class).hasMessage("hooks.example.com does not resolve");
    }

    @Test
    void at_delivery_applies_the_current_rules_to_a_stored_url() {
        assertThatThrownBy(() -> policy.checkAtDelivery(URI.create("https://api.decidr.example/hook")))
                .isInstanceOf(Refused.class).hasMessage("api.decidr.example is this platform's own host");
        assertThatThrownBy(() -> policy.checkAtDelivery(URI.create("https://[::1]/hook")))
                .isInstanceOf(Refused.class).hasMessageContaining("a loopback address");
    }

    @Test
    void the_addresses_of_the_platforms_own_names_and_networks_are_refused_whatever_name_leads_there() {
        names.answer("alias.nip.example", "93.184.216.35"); // another name for api.decidr.example's address
        assertThatThrownBy(() -> policy.check("https://alias.nip.example/graphql"))
                .isInstanceOf(Refused.class).hasMessage("alias.nip.example resolves to an address that is this platform"
                        + " itself");
        assertThatThrownBy(() -> policy.check("https://93.184.216.35:8443/"))
                .isInstanceOf(Refused.class).hasMessage("93.184.216.35 is this platform itself");

        // a platform network is refused even where an allowed network contains it
        EndpointPolicy cluster = new EndpointPolicy(new Settings(true, List.of("10.0.0.0/8"), PLATFORM_PORTS,
                Set.of(), List.of("10.96.0.0/12", "203.0.113.7/32")), names);
        assertThatNoException().isThrownBy(() -> cluster.check("http://10.20.0.5/hooks"));
        assertThatThrownBy(() -> cluster.check("http://10.96.0.10/graphql"))
                .isInstanceOf(Refused.class).hasMessage("10.96.0.10 is this platform itself");
        assertThatThrownBy(() -> cluster.check("https://203.0.113.7/"))
                .isInstanceOf(Refused.class).hasMessage("203.0.113.7 is this platform itself");
        assertThatThrownBy(() -> new Settings(false, List.of(), Set.of(), Set.of(), List.of("cluster")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://[2001:db8::1]/",
            "https://[100::1]/"})
    void teredo_documentation_and_discard_addresses_are_refused(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(Refused.class)
                .hasMessageContaining("webhooks may only reach public addresses");
    }

    /** The first non-loopback address of this machine's interfaces (IPv4 preferred), or null. */
    private static InetAddress ownNonLoopbackAddress() throws SocketException {
        List<InetAddress> own = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            Collections.list(nic.getInetAddresses()).stream()
                    .filter(a -> !a.isLoopbackAddress() && !a.isAnyLocalAddress())
                    .forEach(own::add);
        }
        return own.stream().filter(a -> a.getAddress().length == 4).findFirst()
                .orElse(own.isEmpty() ? null : own.get(0));
    }

    /** A resolver answering from a map the test changes, as DNS changes between registration and delivery. */
    private static final class Names implements EndpointPolicy.Resolver {

        private final Map<String, InetAddress[]> answers = new HashMap<>();

        /** {@code host} resolves to these IP literals from now on (to nothing when none is given). */
        Names answer(String host, String... literals) {
            InetAddress[] addresses = new InetAddress[literals.length];
            for (int i = 0; i < literals.length; i++) {
                try {
                    addresses[i] = InetAddress.getByName(literals[i]); // a literal: parsed, not looked up
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(literals[i], e);
                }
            }
            answers.put(host, addresses);
            return this;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = answers.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            return addresses;
        }
    }
}
