// FNV-1a 32-bit over the UTF-8 bytes of a string (REPLANE_COMPAT.md §2.4).
// The bytes are produced on the fly from UTF-16 code units, exactly as TextEncoder
// would encode them (lone surrogates become U+FFFD), so hashing allocates nothing.
// The running hash is kept as int32 (Math.imul's result) and made unsigned once at the end.

const OFFSET_BASIS = 0x811c9dc5 | 0;
const PRIME = 0x01000193;

/** fnv1a32 of the UTF-8 encoding of `s`, as an unsigned 32-bit integer. */
export function fnv1a32(s: string): number {
  return feed(OFFSET_BASIS, s) >>> 0;
}

/**
 * fnv1a32(a + b) without building the concatenated string: hashing a freshly built
 * rope string is several times slower than hashing its two flat halves.
 */
export function fnv1a32Concat(a: string, b: string): number {
  const last = a.charCodeAt(a.length - 1);
  const first = b.charCodeAt(0);
  if (last >= 0xd800 && last <= 0xdbff && first >= 0xdc00 && first <= 0xdfff) {
    // A surrogate pair split across the halves is one code point in the concatenation.
    return fnv1a32(a + b);
  }
  return feed(feed(OFFSET_BASIS, a), b) >>> 0;
}

function feed(hash: number, s: string): number {
  let h = hash;
  const length = s.length;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, PRIME);
    } else if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), PRIME);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), PRIME);
    } else {
      let cp = c;
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          cp = 0xfffd;
        }
      }
      if (cp >= 0x10000) {
        h = Math.imul(h ^ (0xf0 | (cp >> 18)), PRIME);
        h = Math.imul(h ^ (0x80 | ((cp >> 12) & 0x3f)), PRIME);
      } else {
        h = Math.imul(h ^ (0xe0 | (cp >> 12)), PRIME);
      }
      h = Math.imul(h ^ (0x80 | ((cp >> 6) & 0x3f)), PRIME);
      h = Math.imul(h ^ (0x80 | (cp & 0x3f)), PRIME);
    }
  }
  return h;
}
