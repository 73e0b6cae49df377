// Loopback addresses: the only listen addresses the simulator takes without `allowRemote`,
// and the only Host names its control API answers (so a DNS-rebinding page, whose Host is
// its own domain name, is refused).

import net from 'node:net';

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6'); // also matches ::ffff:127.x.y.z and 0:…:0:1

/** `localhost`, 127.0.0.0/8 or ::1 (brackets allowed). Any other name is not, whatever it resolves to. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = net.isIP(h);
  if (family === 4) return LOOPBACK.check(h, 'ipv4');
  if (family === 6) return LOOPBACK.check(h, 'ipv6');
  return false;
}

/** Splits a Host header into name (without IPv6 brackets) and port; undefined when malformed. */
export function parseHostHeader(value: string): { name: string; port: number | undefined } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name: m[1].replace(/^\[(.*)\]$/, '$1'), port };
}
