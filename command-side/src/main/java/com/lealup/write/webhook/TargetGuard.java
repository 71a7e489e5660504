package com.lealup.write.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps webhooks (subscriptions and the playbook notify action) off the server's own network: a host that resolves to a loopback, private,
 * link-local, unique-local, wildcard or multicast address is refused unless the operator allow-list
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
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
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

    private static boolean isInternal(InetAddress address) {
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()
                || (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc)
                || isCarrierGradeNat(address);
    }

    /** 100.64.0.0/10, shared address space of RFC 6598: not reachable from the internet either. */
    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }
}
