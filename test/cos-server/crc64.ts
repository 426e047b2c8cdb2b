/**
 * CRC-64/ECMA-182 as COS reports it in `x-cos-hash-crc64ecma` (003:L66818-66822): the reflected
 * polynomial 0xC96C5795D7870F42 with all-ones init and final xor (a.k.a. CRC-64/XZ), printed as an
 * unsigned decimal. Computed on two 32-bit halves to avoid BigInt per byte.
 */
const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
(() => {
  const POLY_HI = 0xc96c5795;
  const POLY_LO = 0xd7870f42;
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    TABLE_HI[i] = hi;
    TABLE_LO[i] = lo;
  }
})();

/** CRC-64/ECMA of `buf` as an unsigned decimal string. */
export function crc64ecma(buf: Buffer): string {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < buf.length; i++) {
    const idx = (lo ^ buf[i]) & 0xff;
    const nlo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
    const nhi = hi >>> 8;
    lo = (nlo ^ TABLE_LO[idx]) >>> 0;
    hi = (nhi ^ TABLE_HI[idx]) >>> 0;
  }
  hi = (hi ^ 0xffffffff) >>> 0;
  lo = (lo ^ 0xffffffff) >>> 0;
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}
