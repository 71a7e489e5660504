package com.lealup.automation.notifications;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps webhook deliveries off the server's own network: a host that resolves to a loopback, private,
 * link-local, unique-local, wildcard or multicast address is refused unless the operator allow-list
 * ({@code lealup.webhooks.allowed-hosts}, {@code LEALUP_WEBHOOK_ALLOWED_HOSTS}: host names or IPs, comma
 * separated) names the host or one of its addresses.
 */
@Component
class TargetGuard {

    private final Set<String> allowedHosts;

    TargetGuard(@Value("${lealup.webhooks.allowed-hosts:}") String allowedHosts) {
        this.allowedHosts = Arrays.stream(allowedHosts.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Null when {@code host} may be called; otherwise why not. */
    String refusal(String host) throws UnknownHostException {
        String normalized = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        if (allowedHosts.contains(normalized)) {
            return null;
        }
        for (InetAddress address : InetAddress.getAllByName(normalized)) {
            if (isInternal(address) && !allowedHosts.contains(address.getHostAddress())) {
                return "The host " + host + " resolves to the internal address " + address.getHostAddress()
                        + ", which LEALUP_WEBHOOK_ALLOWED_HOSTS does not allow";
            }
        }
        return null;
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
