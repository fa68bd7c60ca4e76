package io.decidr.messaging.webhooks;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which webhook endpoints the platform may send to: the guard against server-side request forgery. Any tenant can
 * register a URL and the platform then POSTs to it from inside its own network, so without this guard a URL could
 * reach the platform's own API or management port, a database, the cloud metadata service (169.254.169.254) or
 * anything else only reachable from the inside.
 *
 * <ul>
 *   <li>Only {@code https} (and {@code http} when {@link Settings#allowHttp()}), with a host, without user-info or a
 *       fragment. IPv4 literals must be four decimal numbers: forms such as {@code 2130706433}, {@code 0x7f.1} or
 *       {@code 0177.0.0.1} are read differently by different parsers, so they are refused rather than guessed.</li>
 *   <li>Every address the host resolves to is judged, not just the first: a name that answers one public and one
 *       private address would otherwise reach the private one whenever the HTTP client picks it.</li>
 *   <li>Internal addresses (loopback, link-local, private, carrier-grade NAT, multicast, reserved, their IPv6
 *       counterparts, and IPv6 addresses that embed one of those IPv4 addresses) are refused unless an
 *       {@link Settings#allowedNetworks() allowed network} contains them.</li>
 *   <li>The platform itself (an address of this machine with one of its {@link Settings#platformPorts() ports}, or one
 *       of its {@link Settings#platformHosts() host names}) is refused always, allowed network or not: judged first, so
 *       allowing {@code 127.0.0.0/8} for a local test receiver never opens the platform's own API.</li>
 *   <li>DNS can change after registration (DNS rebinding), so {@link #checkAtDelivery(URI)} resolves and judges again
 *       before every delivery, and returns the addresses it approved: the sender ({@code WebhookSender}) connects to
 *       those and no others, so no answer of DNS after the check is ever used. A redirect's target is never checked
 *       here, so the sender follows no redirect.</li>
 * </ul>
 *
 * <p>What the guard cannot see: an address that only forwards to the platform (a load balancer, a NAT or port
 * mapping, a service IP) is not an address of this machine. Such addresses are internal and therefore refused, unless
 * an allowed network contains them: keep {@link Settings#allowedNetworks()} as narrow as the receivers that need it.
 *
 * <p>Thread-safe; one instance serves every registration and delivery.
 */
public final class EndpointPolicy {

    /** Longer URLs are refused: no legitimate receiver needs more, and it bounds what is stored and logged. */
    static final int MAX_LENGTH = 2048;

    /** How host names are resolved (tests inject one; IP literals are parsed here and never reach it). */
    @FunctionalInterface
    public interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * @param allowHttp       plain {@code http://} accepted (otherwise {@code https} only)
     * @param allowedNetworks CIDRs (IPv4 or IPv6, e.g. {@code 127.0.0.0/8}, {@code 10.1.0.0/16}, {@code ::1/128})
     *                        whose addresses are accepted although internal; an IPv4 network also admits the IPv6
     *                        forms that embed its addresses
     * @param platformPorts   the ports this platform listens on (HTTP API, management): an address of this machine
     *                        (loopback, any-local, or an address of one of its network interfaces) with one of these
     *                        ports is the platform itself and is always refused, even inside an allowed network
     * @param platformHosts   host names under which the platform is reached (its public host, its service names):
     *                        always refused, case-insensitive, whatever the port; so are the addresses they resolve
     *                        to (read again every minute), whatever name leads there
     * @param platformNetworks CIDRs that are the platform's whatever the port (its load balancers' public addresses,
     *                        its pods' and services' networks): always refused, even inside an allowed network
     */
    public record Settings(boolean allowHttp, List<String> allowedNetworks, Set<Integer> platformPorts,
                           Set<String> platformHosts, List<String> platformNetworks) {

        /** Without platform networks. */
        public Settings(boolean allowHttp, List<String> allowedNetworks, Set<Integer> platformPorts,
                Set<String> platformHosts) {
            this(allowHttp, allowedNetworks, platformPorts, platformHosts, List.of());
        }

        /** Rejects a configuration that would not mean what it says, naming the entry, before anything is checked. */
        public Settings {
            platformNetworks = List.copyOf(Objects.requireNonNull(platformNetworks, "platformNetworks"));
            platformNetworks.forEach(Network::parse);
            allowedNetworks = List.copyOf(Objects.requireNonNull(allowedNetworks, "allowedNetworks"));
            platformPorts = Set.copyOf(Objects.requireNonNull(platformPorts, "platformPorts"));
            platformHosts = Set.copyOf(Objects.requireNonNull(platformHosts, "platformHosts"));
            allowedNetworks.forEach(Network::parse);
            for (int port : platformPorts) {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("platform port " + port + " is not in 1..65535");
                }
            }
            for (String host : platformHosts) {
                if (host.isBlank()) {
                    throw new IllegalArgumentException("a platform host is blank");
                }
            }
        }
    }

    /** Why a URL may not be used, in words fit to show the user who registered it. */
    public static final class Refused extends Exception {

        public Refused(String reason) {
            super(reason);
        }
    }

    /**
     * The internal address blocks, most specific first so the reason names the narrowest one. IPv6 forms that embed
     * an IPv4 address are unwrapped before this table is consulted ({@link #embeddedIpv4(byte[])}).
     */
    private static final List<Reserved> INTERNAL = List.of(
            new Reserved("0.0.0.0/32", "the any-local address"),
            new Reserved("0.0.0.0/8", "a \"this network\" address"),
            new Reserved("127.0.0.0/8", "a loopback address"),
            new Reserved("169.254.169.254/32", "the cloud metadata address"),
            new Reserved("169.254.0.0/16", "a link-local address"),
            new Reserved("10.0.0.0/8", "a private address"),
            new Reserved("172.16.0.0/12", "a private address"),
            new Reserved("192.168.0.0/16", "a private address"),
            new Reserved("100.64.0.0/10", "a carrier-grade NAT address"),
            new Reserved("192.0.0.0/24", "a reserved address"),
            new Reserved("198.18.0.0/15", "a benchmarking address"),
            new Reserved("224.0.0.0/4", "a multicast address"),
            new Reserved("255.255.255.255/32", "the broadcast address"),
            new Reserved("240.0.0.0/4", "a reserved address"),
            new Reserved("::/128", "the any-local address"),
            new Reserved("::1/128", "a loopback address"),
            new Reserved("fe80::/10", "a link-local address"),
            new Reserved("fec0::/10", "a site-local address"),
            new Reserved("fc00::/7", "a unique local address"),
            new Reserved("ff00::/8", "a multicast address"),
            // RFC 8215: NAT64 prefixes a network defines for itself; where they lead is known only inside it
            new Reserved("64:ff9b:1::/48", "a local NAT64 address"),
            // Teredo tunnels to an IPv4 client hidden in the address: judged as a whole rather than unwrapped
            new Reserved("2001::/32", "a Teredo tunnel address"),
            new Reserved("2001:db8::/32", "a documentation address"),
            new Reserved("100::/64", "a discard address"));

    /** This machine whatever its interfaces: the any-local and loopback blocks (0/8 is "this host" in RFC 1122). */
    private static final List<Network> THIS_MACHINE = List.of(
            Network.parse("0.0.0.0/8"), Network.parse("127.0.0.0/8"),
            Network.parse("::/128"), Network.parse("::1/128"));

    private final Settings settings;
    private final Resolver resolver;
    private final List<Network> allowed;
    private final Set<String> platformHosts;
    private final List<Network> platformNetworks;
    /** The addresses the platform's host names resolve to, and when they were read (nanoTime). */
    private volatile Set<InetAddress> platformAddresses = Set.of();
    private volatile long platformAddressesRead;
    /** Ports the platform's servers bound once started (a configured port 0 becomes one only then). */
    private final Set<Integer> boundPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The addresses of this machine's interfaces, read on first need (null until then). */
    private volatile Set<InetAddress> interfaceAddresses;

    /** A policy that resolves through the system resolver ({@link InetAddress#getAllByName(String)}). */
    public EndpointPolicy(Settings settings) {
        this(settings, InetAddress::getAllByName);
    }

    public EndpointPolicy(Settings settings, Resolver resolver) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.allowed = settings.allowedNetworks().stream().map(Network::parse).toList();
        this.platformNetworks = settings.platformNetworks().stream().map(Network::parse).toList();
        this.platformHosts = settings.platformHosts().stream().map(EndpointPolicy::comparableHost)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The platform now also listens on {@code port} (a server started on a port chosen when it bound). */
    public void platformListensOn(int port) {
        if (port > 0) {
            boundPorts.add(port);
        }
    }

    /**
     * At registration: whether {@code url} may receive webhooks now.
     *
     * @return the URL normalized (scheme and host lower-case), to be stored instead of what was typed
     * @throws Refused with a reason fit to show the user
     */
    public URI check(String url) throws Refused {
        return inspect(url).uri();
    }

    /**
     * Before each delivery: the same checks as {@link #check(String)} with the host resolved again, since its DNS
     * may now answer an internal address (rebinding) or the configuration may have changed since registration.
     *
     * @return the addresses checked, every one of them acceptable
     * @throws Refused with a reason fit to record on the delivery
     * @throws UncheckedIOException when this machine's own addresses cannot be listed (nothing is sent then)
     */
    public List<InetAddress> checkAtDelivery(URI uri) throws Refused {
        return inspect(Objects.requireNonNull(uri, "uri").toString()).addresses();
    }

    /** A URL that passed, with the addresses it was judged by. */
    private record Target(URI uri, List<InetAddress> addresses) {
    }

    private Target inspect(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("a webhook URL is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new Refused("the URL is longer than " + MAX_LENGTH + " characters");
        }
        URI uri = parse(url.strip());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        String bare = comparableHost(host);
        if (platformHosts.contains(bare)) {
            throw new Refused(bare + " is this platform's own host");
        }
        boolean literal = host.startsWith("[") || endsInNumber(bare);
        List<InetAddress> addresses = literal ? List.of(literal(bare)) : resolve(bare);
        for (InetAddress address : addresses) {
            // the reason names the address refused when it was written as one; for a name, only what kind of
            // address it leads to (a tenant learns nothing more of the internal network's names and addresses)
            judge(address, port, literal ? bare : bare + " resolves to an address that");
        }
        return new Target(normalized(uri, scheme, host), addresses);
    }

    /** The syntax rules: what a URL must look like before its host is looked at. */
    private URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // the reason and index, not the message: that repeats the whole input
            throw new Refused("not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!uri.isAbsolute()) {
            throw new Refused("the URL must be absolute (" + (settings.allowHttp() ? "http:// or " : "") + "https://)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowHttp())) {
            throw new Refused(settings.allowHttp() ? "only http:// and https:// URLs are accepted"
                    : "only https:// URLs are accepted");
        }
        if (uri.getHost() == null) {
            // java.net.URI leaves the host out when the authority is not a valid host name (or there is none)
            throw new Refused(uri.getRawAuthority() == null ? "the URL must name a host"
                    : "the URL does not name a valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("the URL must not contain a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("the URL must not contain a fragment (#...)");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new Refused("port " + uri.getPort() + " is not in 1..65535");
        }
        return uri;
    }

    /** An IP literal, parsed here: it never reaches the resolver, so no DNS server can answer for it. */
    private static InetAddress literal(String host) throws Refused {
        if (host.contains(":")) {
            return ipv6Literal(host);
        }
        byte[] ipv4 = ipv4Literal(host);
        if (ipv4 == null) {
            throw new Refused(host + " is not an IPv4 address of four decimal numbers (a.b.c.d)");
        }
        return address(ipv4);
    }

    private List<InetAddress> resolve(String host) throws Refused {
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused(host + " does not resolve");
        }
        if (resolved == null || resolved.length == 0) {
            throw new Refused(host + " does not resolve");
        }
        return List.of(resolved);
    }

    private static InetAddress ipv6Literal(String host) throws Refused {
        if (host.contains("%")) {
            // a zone names an interface of the sending machine: never meaningful for a tenant's endpoint
            throw new Refused(host + ": IPv6 zone ids are not accepted");
        }
        try {
            return InetAddress.getByName(host); // contains ':', so parsed as a literal, never looked up
        } catch (UnknownHostException e) {
            throw new Refused(host + " is not a valid IPv6 address");
        }
    }

    /**
     * Refuses {@code address} with the reason when it is the platform or internal and not allowed. The platform rule
     * comes first: no allowed network overrides it.
     */
    private void judge(InetAddress address, int port, String subject) throws Refused {
        byte[] original = address.getAddress();
        byte[] embedded = embeddedIpv4(original);
        byte[] judged = embedded == null ? original : embedded;
        if ((settings.platformPorts().contains(port) || boundPorts.contains(port))
                && (isThisMachine(original) || isThisMachine(judged))) {
            throw new Refused(subject + " is this platform itself (port " + port + ")");
        }
        if (platformNetworks.stream().anyMatch(n -> n.contains(original) || n.contains(judged))
                || platformAddresses().contains(address(original)) || platformAddresses().contains(address(judged))) {
            throw new Refused(subject + " is this platform itself");
        }
        String kind = internalKind(judged);
        if (kind == null || allowed.stream().anyMatch(n -> n.contains(original) || n.contains(judged))) {
            return;
        }
        String via = embedded == null ? "" : " (it embeds the IPv4 address " + address(embedded).getHostAddress() + ")";
        throw new Refused(subject + " is " + kind + via + "; webhooks may only reach public addresses");
    }

    /** What the platform's host names resolve to, read at most once a minute (names that do not resolve count none). */
    private Set<InetAddress> platformAddresses() {
        if (platformHosts.isEmpty()) {
            return Set.of();
        }
        long now = System.nanoTime();
        if (platformAddressesRead == 0 || now - platformAddressesRead > 60_000_000_000L) {
            Set<InetAddress> found = new HashSet<>();
            for (String host : platformHosts) {
                try {
                    for (InetAddress address : resolver.resolve(host)) {
                        found.add(address(address.getAddress()));
                    }
                } catch (UnknownHostException e) {
                    // a platform name that does not resolve (here) leads nowhere to refuse
                }
            }
            platformAddresses = Set.copyOf(found);
            platformAddressesRead = now == 0 ? 1 : now;
        }
        return platformAddresses;
    }

    private boolean isThisMachine(byte[] address) {
        return THIS_MACHINE.stream().anyMatch(n -> n.contains(address))
                || interfaceAddresses().contains(address(address));
    }

    /** What internal block {@code address} is in, or null when it is public. */
    private static String internalKind(byte[] address) {
        for (Reserved reserved : INTERNAL) {
            if (reserved.network().contains(address)) {
                return reserved.kind();
            }
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address stands for, judged in its place: IPv4-mapped {@code ::ffff:a.b.c.d},
     * IPv4-compatible {@code ::a.b.c.d} (but not {@code ::} and {@code ::1}, which are IPv6's own), NAT64
     * {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:aabb:ccdd::}. Each reaches that IPv4 address through a translator
     * or the dual stack, so {@code ::ffff:127.0.0.1} is loopback whatever its IPv6 block. Null for anything else.
     */
    static byte[] embeddedIpv4(byte[] address) {
        if (address.length != 16) {
            return null;
        }
        if (address[0] == 0x20 && address[1] == 0x02) {
            return Arrays.copyOfRange(address, 2, 6);
        }
        boolean zeroPrefix = allZero(address, 0, 10);
        boolean mapped = zeroPrefix && address[10] == (byte) 0xff && address[11] == (byte) 0xff;
        boolean compatible = zeroPrefix && address[10] == 0 && address[11] == 0
                && !(allZero(address, 12, 15) && (address[15] == 0 || address[15] == 1));
        boolean nat64 = address[0] == 0 && address[1] == 0x64 && address[2] == (byte) 0xff && address[3] == (byte) 0x9b
                && allZero(address, 4, 12);
        return mapped || compatible || nat64 ? Arrays.copyOfRange(address, 12, 16) : null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** This machine's interface addresses, read once: listing them on every check would cost a system call each. */
    private Set<InetAddress> interfaceAddresses() {
        Set<InetAddress> known = interfaceAddresses;
        if (known == null) {
            known = readInterfaceAddresses();
            interfaceAddresses = known;
        }
        return known;
    }

    private static Set<InetAddress> readInterfaceAddresses() {
        try {
            Set<InetAddress> addresses = new HashSet<>();
            var interfaces = NetworkInterface.getNetworkInterfaces();
            if (interfaces != null) {
                for (NetworkInterface nic : Collections.list(interfaces)) {
                    collect(nic, addresses);
                }
            }
            return Set.copyOf(addresses);
        } catch (SocketException e) {
            // not a refusal: the URL may be fine, but nothing may be sent while it cannot be told from the platform
            throw new UncheckedIOException("cannot list this machine's network addresses", e);
        }
    }

    private static void collect(NetworkInterface nic, Set<InetAddress> into) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            into.add(address(address.getAddress())); // without scope and name, to compare by bytes
        }
        for (NetworkInterface sub : Collections.list(nic.getSubInterfaces())) {
            collect(sub, into);
        }
    }

    /**
     * Whether the last label is a number, which makes the host an IPv4 address to URL parsers that follow WHATWG
     * (browsers, curl in part) even when it is not written a.b.c.d.
     */
    private static boolean endsInNumber(String host) {
        String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = trimmed.substring(trimmed.lastIndexOf('.') + 1);
        if (last.startsWith("0x")) {
            return last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The four bytes of a canonical dotted-quad ({@code 10.0.0.1}: decimal, no leading zeros), or null. */
    static byte[] ipv4Literal(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** An address from its bytes; no lookup. IPv4-mapped IPv6 bytes come back as the IPv4 address, as the JDK does. */
    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not 4 or 16 bytes: " + bytes.length, e);
        }
    }

    /** A host as compared with the platform's: lower-case, without IPv6 brackets or the root's trailing dot. */
    private static String comparableHost(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** Scheme and host lower-case; the rest as given (raw, so percent-encoding is kept, not encoded twice). */
    private static URI normalized(URI uri, String scheme, String host) throws Refused {
        String text = scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + Objects.requireNonNullElse(uri.getRawPath(), "")
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new Refused("not a valid URL: " + e.getReason());
        }
    }

    /** An internal block and how a refusal names it. */
    private record Reserved(Network network, String kind) {

        Reserved(String cidr, String kind) {
            this(Network.parse(cidr), kind);
        }
    }

    /** A CIDR block, IPv4 or IPv6, parsed without any name lookup. */
    private static final class Network {

        private final byte[] base;
        private final int prefix;

        private Network(byte[] base, int prefix) {
            this.base = base;
            this.prefix = prefix;
        }

        /** @throws IllegalArgumentException naming {@code cidr} when it is not an address/prefix of its family */
        static Network parse(String cidr) {
            Objects.requireNonNull(cidr, "allowed network");
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw invalid(cidr, "expected address/prefix, e.g. 10.1.0.0/16 or fd00::/8");
            }
            String text = cidr.substring(0, slash).strip();
            byte[] base = text.contains(":") ? ipv6(cidr, text) : ipv4Literal(text);
            if (base == null) {
                throw invalid(cidr, "not an IPv4 or IPv6 address");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                throw invalid(cidr, "the prefix is not a number");
            }
            if (prefix < 0 || prefix > base.length * 8) {
                throw invalid(cidr, "the prefix must be 0.." + base.length * 8);
            }
            Network network = new Network(base, prefix);
            if (!Arrays.equals(base, network.masked(base))) {
                // 10.1.2.3/16 is more likely a typo than a way to write 10.1.0.0/16: say so instead of widening
                throw invalid(cidr, "bits are set past the prefix; did you mean "
                        + address(network.masked(base)).getHostAddress() + "/" + prefix + "?");
            }
            return network;
        }

        private static byte[] ipv6(String cidr, String text) {
            InetAddress parsed;
            try {
                parsed = InetAddress.getByName(text); // contains ':', so parsed as a literal, never looked up
            } catch (UnknownHostException e) {
                throw invalid(cidr, "not an IPv6 address");
            }
            if (parsed.getAddress().length != 16) {
                // the JDK turns ::ffff:a.b.c.d into an IPv4 address; an IPv4 network covers the mapped forms anyway
                throw invalid(cidr, "write an IPv4-mapped network as IPv4 (a.b.c.d/n)");
            }
            return parsed.getAddress();
        }

        boolean contains(byte[] address) {
            return address.length == base.length && Arrays.equals(masked(address), base);
        }

        private byte[] masked(byte[] address) {
            byte[] masked = new byte[address.length];
            for (int i = 0; i < address.length; i++) {
                int bits = Math.max(0, Math.min(8, prefix - i * 8));
                masked[i] = (byte) (address[i] & (0xff00 >> bits));
            }
            return masked;
        }

        private static IllegalArgumentException invalid(String cidr, String why) {
            return new IllegalArgumentException("allowed network \"" + cidr + "\" is invalid: " + why);
        }
    }
}
