import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may never be sent (SSRF guard): private, loopback, link-local (cloud
 * metadata included), CGNAT, and the other special-purpose ranges of RFC 6890, for IPv4 and
 * IPv6. Judged on the address DNS resolved to, at registration and again at every send.
 */
const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, and IPv4-compatible (::a9fe:a9fe is 169.254.169.254)
  ['64:ff9b::', 96], // NAT64 (would reach IPv4 space)
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['2001::', 23], // IETF protocol assignments, Teredo (2001::/32) among them, which embeds IPv4
  ['2002::', 16], // 6to4, which embeds IPv4
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['fd00:ec2::254', 128], // AWS metadata over IPv6
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as the IPv4 address it reaches. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Why an IP address may not receive webhooks, or undefined when it may. */
export function forbiddenAddressReason(
  address: string,
  options: { allowLoopback: boolean },
): string | undefined {
  const ip = unmapped(address.replace(/^\[|\]$/g, ''));
  const family = isIP(ip);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (options.allowLoopback && loopback.check(ip, type)) return undefined;
  return forbidden.check(ip, type)
    ? `${address} is a private, loopback, link-local, CGNAT or reserved address`
    : undefined;
}
