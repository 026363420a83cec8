// Which IP addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE=true: loopback,
// private, link-local (cloud metadata lives there), carrier-grade NAT, unspecified, multicast
// and reserved ranges, in IPv4 and IPv6 (including IPv4-mapped and NAT64 forms).

/** A reason the address is forbidden, or null when it is a public address. */
export function forbiddenAddress(ip: string): string | null {
  const v4 = parseIpv4(ip);
  if (v4) return forbiddenV4(v4);
  const v6 = parseIpv6(ip);
  if (!v6) return "not an IP address";
  return forbiddenV6(v6);
}

function forbiddenV4([a, b]: number[]): string | null {
  if (a === 127) return "a loopback address";
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) {
    return "a private address";
  }
  if (a === 169 && b === 254) return "a link-local address";
  if (a === 100 && b! >= 64 && b! <= 127) return "a shared (carrier-grade NAT) address";
  if (a === 0) return "an unspecified address";
  if (a === 192 && b === 0) return "a reserved address";
  if (a === 198 && (b === 18 || b === 19)) return "a reserved (benchmarking) address";
  if (a! >= 224) return "a multicast or reserved address";
  return null;
}

function forbiddenV6(w: number[]): string | null {
  const zeroUntil = (n: number) => w.slice(0, n).every((x) => x === 0);
  if (zeroUntil(7) && w[7] === 1) return "a loopback address";
  if (zeroUntil(8)) return "an unspecified address";
  // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64) reach IPv4 addresses.
  if ((zeroUntil(5) && w[5] === 0xffff) || (w[0] === 0x64 && w[1] === 0xff9b)) {
    return forbiddenV4([w[6]! >> 8, w[6]! & 0xff, w[7]! >> 8, w[7]! & 0xff]);
  }
  if ((w[0]! & 0xfe00) === 0xfc00) return "a private (unique local) address";
  if ((w[0]! & 0xffc0) === 0xfe80) return "a link-local address";
  if ((w[0]! & 0xff00) === 0xff00) return "a multicast address";
  if (w[0] === 0x2001 && w[1] === 0x0db8) return "a documentation address";
  return null;
}

function parseIpv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return nums.every((n) => n >= 0 && n <= 255) ? nums : null;
}

function parseIpv6(input: string): number[] | null {
  let s = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  s = s.replace(/%.*$/, ""); // zone id
  if (!s.includes(":")) return null;
  // A trailing dotted quad (::ffff:1.2.3.4) is two words.
  const lastColon = s.lastIndexOf(":");
  const v4 = parseIpv4(s.slice(lastColon + 1));
  if (v4) {
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const words = (part: string) => (part === "" ? [] : part.split(":"));
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const all = [...head, ...Array(halves.length === 2 ? fill : 0).fill("0"), ...tail];
  if (!all.every((h) => /^[0-9a-f]{1,4}$/i.test(h))) return null;
  return all.map((h) => parseInt(h, 16));
}
