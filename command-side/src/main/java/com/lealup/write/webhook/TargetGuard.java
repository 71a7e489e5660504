package com.lealup.write.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps webhooks (subscriptions and the playbook notify action) off the server's own network: a host that resolves
 * to an internal address ({@link #isInternal}) is refused unless the operator allow-list
 * ({@code lealup.webhooks.allowed-hosts}, {@code LEALUP_WEBHOOK_ALLOWED_HOSTS}: host names or IPs, comma
 * separated) names the host or one of its addresses.
 * <p>
 * The host is resolved once, here, and the delivery connects to the address that was checked: a second DNS
 * answer (DNS rebinding: public for the check, internal for the connection) is never asked for.
 * A host given as a number in another form (decimal {@code 2130706433}, hex {@code 0x7f000001}) is whatever address
 * the resolver makes of it, and that address is what is checked.
 * <p>
 * Public, with its constructor, for the tests that give it a stand-in DNS.
 */
@Component
public class TargetGuard implements WebhookTargetsPort {

    /**
     * IPv4 blocks no webhook may reach: IANA's special-purpose blocks that are not globally reachable, multicast and
     * broadcast.
     */
    private static final List<Block> INTERNAL_IPV4 = Block.all(
            "0.0.0.0/8", // "this network": 0.0.0.0 is the server itself
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // private, RFC 1918
            "100.64.0.0/10", // carrier-grade NAT, RFC 6598
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local, cloud metadata
            "192.0.0.0/24", // IETF protocol assignments
            "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", // documentation
            "192.88.99.0/24", // 6to4 relay anycast, deprecated
            "198.18.0.0/15", // benchmarking
            "224.0.0.0/4", // multicast
            "240.0.0.0/4"); // reserved, the broadcast 255.255.255.255 included

    /** IPv6 blocks no webhook may reach, whatever the rest of the address holds. */
    private static final List<Block> INTERNAL_IPV6 = Block.all(
            "::/128", "::1/128", // unspecified, loopback
            "100::/64", // discard-only
            "2001::/23", // IETF protocol assignments: Teredo 2001::/32 (whose IPv4 is obfuscated), benchmarking, ORCHID
            "2001:db8::/32", "3fff::/20", // documentation
            "64:ff9b:1::/48", // local-use NAT64 (RFC 8215): where the IPv4 address sits is the network's choice
            "fc00::/7", // unique-local
            "fe80::/10", // link-local
            "fec0::/10", // site-local, deprecated
            "ff00::/8"); // multicast

    /**
     * IPv6 blocks whose addresses carry an IPv4 address, which a translator or tunnel reaches: internal when the IPv4
     * address is.
     */
    private static final List<Embedding> EMBEDDING_IPV4 = List.of(
            new Embedding(Block.of("64:ff9b::/96"), 12), // NAT64 well-known prefix, RFC 6052
            new Embedding(Block.of("::/96"), 12), // IPv4-compatible, deprecated
            new Embedding(Block.ipv4Mapped(), 12), // ::ffff:a.b.c.d, which Java mostly hands over as IPv4 already
            new Embedding(Block.of("2002::/16"), 2)); // 6to4, RFC 3056

    /** Name resolution: the system's, or a test's stand-in for DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    @Autowired
    TargetGuard(@Value("${lealup.webhooks.allowed-hosts:}") String allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    public TargetGuard(String allowedHosts, Resolver resolver) {
        this.allowedHosts = Arrays.stream(allowedHosts.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .map(TargetGuard::allowListEntry).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    @Override
    public Verdict check(String host) throws UnknownHostException {
        String normalized = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        InetAddress[] addresses = resolver.resolve(normalized);
        if (!allowedHosts.contains(normalized)) {
            for (InetAddress address : addresses) {
                if (isInternal(address) && !allowedHosts.contains(address.getHostAddress())) {
                    return Verdict.refused("The host " + host + " resolves to the internal address "
                            + address.getHostAddress() + ", which LEALUP_WEBHOOK_ALLOWED_HOSTS does not allow");
                }
            }
        }
        return new Verdict(addresses[0], null);
    }

    /**
     * Whether {@code address} is one no webhook may reach: in an internal block, or an IPv6 address that carries an
     * internal IPv4 address (NAT64, IPv4-compatible, IPv4-mapped, 6to4).
     */
    private static boolean isInternal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return INTERNAL_IPV4.stream().anyMatch(block -> block.contains(bytes));
        }
        if (INTERNAL_IPV6.stream().anyMatch(block -> block.contains(bytes))) {
            return true;
        }
        for (Embedding embedding : EMBEDDING_IPV4) {
            if (embedding.block().contains(bytes)) {
                byte[] ipv4 = Arrays.copyOfRange(bytes, embedding.offset(), embedding.offset() + 4);
                return INTERNAL_IPV4.stream().anyMatch(block -> block.contains(ipv4));
            }
        }
        return false;
    }

    /**
     * A host name in lower case, an IPv6 address in the form {@link InetAddress#getHostAddress} gives (what the
     * check compares with), so that {@code 64:ff9b::a00:1} allows the address however a URL or DNS spells it.
     */
    private static String allowListEntry(String entry) {
        String host = entry.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        if (!host.contains(":")) {
            return host;
        }
        try {
            // an IPv6 literal: parsed, never looked up
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("LEALUP_WEBHOOK_ALLOWED_HOSTS: '" + entry
                    + "' is neither a host name nor an IP address");
        }
    }

    /** The addresses whose first {@code bits} bits are those of {@code prefix}. */
    private record Block(byte[] prefix, int bits) {

        static List<Block> all(String... cidrs) {
            return Arrays.stream(cidrs).map(Block::of).toList();
        }

        static Block of(String cidr) {
            String[] parts = cidr.split("/");
            try {
                return new Block(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        /** ::ffff:0:0/96, which {@link InetAddress} cannot be asked for: it parses it as 0.0.0.0. */
        static Block ipv4Mapped() {
            byte[] prefix = new byte[16];
            prefix[10] = (byte) 0xff;
            prefix[11] = (byte) 0xff;
            return new Block(prefix, 96);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    /** A block of IPv6 addresses that carry an IPv4 address at byte {@code offset}. */
    private record Embedding(Block block, int offset) {
    }
}
