package com.lealup.write.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF guard on address literals (which resolve to themselves, no DNS asked): the internal blocks, and IPv6
 * addresses that carry an IPv4 address a translator or tunnel would reach. Names stand in for DNS where the
 * allow-list is concerned.
 */
class TargetGuardTest {

    private static final TargetGuard GUARD = new TargetGuard("", TargetGuardTest::resolve);

    /** The literals resolve to themselves; {@code nat64.example.com} to an IPv6 address carrying 10.0.0.1. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host.equals("nat64.example.com") ? "64:ff9b::a00:1" : host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // IPv4
        "0.0.0.0 | this network", "0.1.2.3 | this network",
        "10.0.0.1 | private", "172.16.0.1 | private", "172.31.255.255 | private", "192.168.1.1 | private",
        "100.64.0.1 | carrier-grade NAT", "100.127.255.255 | carrier-grade NAT",
        "127.0.0.1 | loopback", "127.255.0.9 | loopback",
        "169.254.169.254 | link-local (cloud metadata)",
        "192.0.0.8 | IETF protocol assignments", "192.0.2.1 | documentation", "198.51.100.7 | documentation",
        "203.0.113.9 | documentation", "192.88.99.1 | 6to4 relay",
        "198.18.0.1 | benchmarking", "198.19.255.255 | benchmarking",
        "224.0.0.1 | multicast", "239.255.255.250 | multicast",
        "240.0.0.1 | reserved", "255.255.255.255 | broadcast",
        "167772161 | decimal form of 10.0.0.1",
        // IPv6
        ":: | unspecified", "::1 | loopback",
        "fe80::1 | link-local", "febf::1 | link-local", "fec0::1 | site-local",
        "fc00::1 | unique-local", "fd12:3456::1 | unique-local",
        "ff02::1 | multicast", "100::1 | discard-only",
        "2001:db8::1 | documentation", "3fff::1 | documentation",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2 | Teredo, whatever it carries", "2001:2::1 | benchmarking",
        // IPv6 carrying an internal IPv4 address
        "::ffff:10.0.0.1 | IPv4-mapped", "::ffff:7f00:1 | IPv4-mapped",
        "64:ff9b::a00:1 | NAT64 of 10.0.0.1", "64:ff9b::a9fe:a9fe | NAT64 of 169.254.169.254",
        "64:ff9b::7f00:1 | NAT64 of 127.0.0.1", "64:ff9b::6440:1 | NAT64 of 100.64.0.1",
        "64:ff9b:1::a00:1 | local-use NAT64, any", "64:ff9b:1:ffff::808:808 | local-use NAT64, any",
        "::a00:1 | IPv4-compatible 10.0.0.1", "::169.254.169.254 | IPv4-compatible 169.254.169.254",
        "::127.0.0.1 | IPv4-compatible 127.0.0.1",
        "2002:a9fe:a9fe:: | 6to4 of 169.254.169.254", "2002:a00:1::1 | 6to4 of 10.0.0.1",
        "2002:c0a8:101:1::1 | 6to4 of 192.168.1.1",
    })
    void refusesInternalAddresses(String address, String why) throws UnknownHostException {
        assertThat(GUARD.check(address).refusal()).as(why).contains("internal address");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "93.184.216.34 | public", "8.8.8.8 | public", "1.1.1.1 | public",
        "100.63.255.255 | just below carrier-grade NAT", "100.128.0.0 | just above carrier-grade NAT",
        "172.15.255.255 | just below 172.16/12", "172.32.0.0 | just above 172.16/12",
        "198.17.255.255 | just below benchmarking", "198.20.0.0 | just above benchmarking",
        "223.255.255.255 | just below multicast", "1.0.0.0 | just above this network",
        "2606:4700:4700::1111 | public", "2a00:1450:4001:80b::200e | public",
        "64:ff9b::808:808 | NAT64 of 8.8.8.8", "::8.8.8.8 | IPv4-compatible 8.8.8.8",
        "2002:808:808::1 | 6to4 of 8.8.8.8", "2001:200::1 | just above IETF protocol assignments",
    })
    void allowsPublicAddresses(String address, String why) throws UnknownHostException {
        WebhookTargetsPort.Verdict verdict = GUARD.check(address);
        assertThat(verdict.refusal()).as(why).isNull();
        assertThat(verdict.address()).isEqualTo(InetAddress.getByName(address));
    }

    @Test
    void aUrlsBracketedIpv6HostIsCheckedAsTheAddress() throws UnknownHostException {
        assertThat(GUARD.check("[64:ff9b::a00:1]").refusal()).contains("64:ff9b:0:0:0:0:a00:1");
        assertThat(GUARD.check("nat64.example.com").refusal())
                .isEqualTo("The host nat64.example.com resolves to the internal address 64:ff9b:0:0:0:0:a00:1, "
                        + "which LEALUP_WEBHOOK_ALLOWED_HOSTS does not allow");
    }

    @Test
    void theAllowListAllowsAnAddressHoweverItIsSpelled() throws UnknownHostException {
        TargetGuard guard = new TargetGuard("10.0.0.1, [64:FF9B::a00:2], nat64.example.com",
                TargetGuardTest::resolve);
        assertThat(guard.check("10.0.0.1").refusal()).isNull();
        assertThat(guard.check("[64:ff9b:0::a00:2]").refusal()).isNull();
        assertThat(guard.check("nat64.example.com").refusal()).isNull();
        assertThat(guard.check("64:ff9b::a00:1").refusal()).as("allowed by name only").isNotNull();
        assertThat(guard.check("64:ff9b::a00:3").refusal()).isNotNull();
        assertThat(new TargetGuard("64:ff9b::a00:1", TargetGuardTest::resolve).check("nat64.example.com").refusal())
                .as("the address a name resolves to").isNull();
    }
}
