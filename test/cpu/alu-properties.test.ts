// fast-check properties: NZCV and 64-bit arithmetic of the core against a BigInt model
// written from the ARM ARM pseudocode (AddWithCarry, shifts, multiplies, divides).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeMachine } from "./harness.ts";

const M64 = (1n << 64n) - 1n;
const M32 = (1n << 32n) - 1n;

/** AddWithCarry(x, y, carry) for N bits → [result, nzcv]. */
function addWithCarry(x: bigint, y: bigint, carry: bigint, n: number): [bigint, number] {
  const mask = (1n << BigInt(n)) - 1n;
  const sx = BigInt.asIntN(n, x),
    sy = BigInt.asIntN(n, y);
  const usum = (x & mask) + (y & mask) + carry;
  const ssum = sx + sy + carry;
  const result = usum & mask;
  const N = Number((result >> BigInt(n - 1)) & 1n);
  const Z = result === 0n ? 1 : 0;
  const C = result === usum ? 0 : 1;
  const V = BigInt.asIntN(n, result) === ssum ? 0 : 1;
  return [result, (N << 3) | (Z << 2) | (C << 1) | V];
}

const edge64 = fc.oneof(fc.constantFrom(0n, 1n, M64, 1n << 63n, (1n << 63n) - 1n, M32, 1n << 32n, 0x8000_0000n), fc.bigInt({ min: 0n, max: M64 }));

function exec(word: number, x1: bigint, x2: bigint, nzcv = 0, x3 = 0n) {
  const m = makeMachine();
  m.load([word]);
  m.cpu.setX(1, x1);
  m.cpu.setX(2, x2);
  m.cpu.setX(3, x3);
  m.cpu.setPstate(((nzcv << 28) | 0x3c5) >>> 0);
  m.cpu.run(1);
  return { x0: m.cpu.getX(0), nzcv: m.cpu.getPstate() >>> 28 };
}

// Rd=0, Rn=1, Rm=2 encodings (sf selects 64/32 bits).
const ENC = {
  adds: (sf: number) => (sf << 31) | 0x2b020020,
  subs: (sf: number) => (sf << 31) | 0x6b020020,
  adcs: (sf: number) => (sf << 31) | 0x3a020020,
  sbcs: (sf: number) => (sf << 31) | 0x7a020020,
};

describe("ALU properties against a BigInt model", () => {
  for (const sf of [1, 0]) {
    const n = sf ? 64 : 32;
    const mask = sf ? M64 : M32;
    it(`ADDS/SUBS/ADCS/SBCS (${n}-bit) set the result and NZCV as AddWithCarry`, () => {
      fc.assert(
        fc.property(edge64, edge64, fc.integer({ min: 0, max: 15 }), (a, b, flags) => {
          const cin = BigInt((flags >> 1) & 1);
          const cases: [number, bigint, bigint, bigint][] = [
            [ENC.adds(sf), a, b, 0n],
            [ENC.subs(sf), a, ~b & mask, 1n],
            [ENC.adcs(sf), a, b, cin],
            [ENC.sbcs(sf), a, ~b & mask, cin],
          ];
          for (const [word, x, y, carry] of cases) {
            const [res, nzcv] = addWithCarry(x, y, carry, n);
            const got = exec(word >>> 0, a, b, flags);
            expect(got.x0).toBe(res);
            expect(got.nzcv).toBe(nzcv);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it("MUL, UMULH, SMULH, MADD, MSUB (64-bit)", () => {
    fc.assert(
      fc.property(edge64, edge64, edge64, (a, b, c) => {
        expect(exec(0x9b027c20, a, b).x0).toBe((a * b) & M64); // mul x0, x1, x2
        expect(exec(0x9bc27c20, a, b).x0).toBe((a * b) >> 64n); // umulh
        expect(exec(0x9b427c20, a, b).x0).toBe(BigInt.asUintN(64, (BigInt.asIntN(64, a) * BigInt.asIntN(64, b)) >> 64n)); // smulh
        expect(exec(0x9b020c20, a, b, 0, c).x0).toBe((c + a * b) & M64); // madd x0, x1, x2, x3
        expect(exec(0x9b028c20, a, b, 0, c).x0).toBe((c - a * b) & M64); // msub
      }),
      { numRuns: 300 },
    );
  });

  it("UDIV and SDIV (64-bit): ÷0 gives 0, INT64_MIN ÷ −1 gives INT64_MIN", () => {
    fc.assert(
      fc.property(edge64, edge64, (a, b) => {
        const ud = b === 0n ? 0n : a / b;
        const sa = BigInt.asIntN(64, a),
          sb = BigInt.asIntN(64, b);
        const sd = sb === 0n ? 0n : BigInt.asUintN(64, sa / sb);
        expect(exec(0x9ac20820, a, b).x0).toBe(ud); // udiv x0, x1, x2
        expect(exec(0x9ac20c20, a, b).x0).toBe(sd); // sdiv x0, x1, x2
      }),
      { numRuns: 400 },
    );
    expect(exec(0x9ac20c20, 1n << 63n, M64).x0).toBe(1n << 63n);
  });

  it("UDIV (64-bit) of any dividend by a 32-bit divisor (the long-division path)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: M64 }), fc.bigInt({ min: 0n, max: 0xffff_ffffn }), (a, b) => {
        expect(exec(0x9ac20820, a, b).x0).toBe(b === 0n ? 0n : a / b); // udiv x0, x1, x2
      }),
      { numRuns: 2000 },
    );
    for (const [a, b] of [
      [M64, 1n],
      [M64, 0xffff_ffffn],
      [1n << 53n, 3n],
      [M64 - 1n, 0x1_0000n],
      [0xffff_ffff_0000_0000n, 0xffff_fffen],
    ])
      expect(exec(0x9ac20820, a, b).x0).toBe(a / b);
  });

  it("LSLV/LSRV/ASRV/RORV take the amount modulo 64, including 0, 63 and 64", () => {
    fc.assert(
      fc.property(edge64, fc.oneof(fc.constantFrom(0n, 1n, 31n, 32n, 63n, 64n, 65n, 127n), fc.bigInt({ min: 0n, max: M64 })), (a, amt) => {
        const s = amt & 63n;
        expect(exec(0x9ac22020, a, amt).x0).toBe((a << s) & M64); // lslv
        expect(exec(0x9ac22420, a, amt).x0).toBe(a >> s); // lsrv
        expect(exec(0x9ac22820, a, amt).x0).toBe(BigInt.asUintN(64, BigInt.asIntN(64, a) >> s)); // asrv
        expect(exec(0x9ac22c20, a, amt).x0).toBe(((a >> s) | (a << (64n - s))) & M64); // rorv
      }),
      { numRuns: 300 },
    );
  });
});

describe("signed LSE min/max below 64 bits (Unicorn 2.0.1 gets these wrong; ARM ARM model)", () => {
  // ldsmaxb w2, w0, [x1]: 0x38224020; ldsminh w2, w0, [x1]: 0x78225020; ldsmax w2, w0, [x1]: 0xb8224020
  const cases: [string, number, number, number][] = [
    ["ldsmaxb", 0x38224020, 1, 0],
    ["ldsminh", 0x78225020, 2, 1],
    ["ldsmax (word)", 0xb8224020, 4, 0],
  ];
  for (const [name, word, size, isMin] of cases) {
    it(`${name} compares signed values of the access size`, () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: M64 }), fc.bigInt({ min: 0n, max: (1n << BigInt(8 * size)) - 1n }), (reg, mem) => {
          const m = makeMachine();
          m.load([word]);
          const addr = 0x4080_0000;
          for (let i = 0; i < size; i++) m.bus.ram.writeU8(addr + i, Number((mem >> BigInt(8 * i)) & 0xffn));
          m.cpu.setX(1, BigInt(addr));
          m.cpu.setX(2, reg);
          m.cpu.run(1);
          const bits = 8 * size;
          const op = BigInt.asIntN(bits, reg),
            old = BigInt.asIntN(bits, mem);
          const want = BigInt.asUintN(bits, isMin ? (op < old ? op : old) : op > old ? op : old);
          let got = 0n;
          for (let i = 0; i < size; i++) got |= BigInt(m.bus.ram.readU8(addr + i)) << BigInt(8 * i);
          expect(got).toBe(want);
          expect(m.cpu.getX(0)).toBe(mem); // the old value, zero-extended
        }),
        { numRuns: 200 },
      );
    });
  }
});
