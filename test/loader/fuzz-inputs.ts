// What the fuzz targets feed the loader and the command line: ELF files with mutated headers
// and program headers (from the committed hello.elf and from a small synthetic one), flat
// binaries (random bytes, mutated real images, files that are something else), config JSON, and
// random combinations of options, biased towards the values where layouts collide.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { buildVirtDtb } from "../../src/devices/fdt/virt-dtb.ts";
import { SPIN, syntheticElf, words } from "./synthetic-elf.ts";

/** Addresses and sizes around every boundary the layout checks. */
export const INTERESTING_U64: readonly bigint[] = [
  0n,
  1n,
  2n,
  4n,
  0x1000n,
  0x3fff_f000n,
  0x4000_0000n,
  0x4010_0000n,
  0x4010_0002n,
  0x6ff0_0000n,
  0x6fff_ffffn,
  0x7000_0000n,
  0x7100_0000n,
  0x8000_0000n,
  0x1_0000_0000n,
  0x2_0000_0000n,
  0x40_1000_0000n,
  0x80_0000_0000n,
  0x500_0000_0000n,
  1n << 48n,
  1n << 53n,
  1n << 63n,
  (1n << 64n) - 1n,
];
const INTERESTING_U16 = [0, 1, 2, 55, 56, 57, 0x100, 0xffff];

/** Offsets of the ELF header and program header fields worth mutating, for a given file. */
function elfFields(elf: Uint8Array): { u64: number[]; u32: number[]; u16: number[]; phEnd: number } {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const phoff = Number(dv.getBigUint64(32, true));
  const phnum = dv.getUint16(56, true);
  const u64 = [24, 32];
  const u32: number[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * 56;
    u64.push(p + 8, p + 16, p + 24, p + 32, p + 40);
    u32.push(p);
  }
  return { u64, u32, u16: [16, 18, 52, 54, 56], phEnd: phoff + phnum * 56 };
}

const helloElf = new Uint8Array(readFileSync("images/hello/hello.elf"));
// PSCI SYSTEM_OFF: movz x0, #8; movk x0, #0x8400, lsl #16; hvc #0
const OFF = words(0xd2800100, 0xf2b08000, 0xd4000002);
const smallElf = syntheticElf(
  [
    { addr: 0x4010_0000, data: OFF },
    { addr: 0x4020_0000, data: SPIN, memsz: 0x2000 },
  ],
  0x4010_0000,
);
const ELF_BASES = [helloElf, smallElf];

type Mutation =
  | { kind: "u64"; pick: number; value: bigint }
  | { kind: "u32"; pick: number; value: number }
  | { kind: "u16"; pick: number; value: number }
  | { kind: "byte"; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("u64" as const),
    pick: fc.nat(),
    value: fc.oneof(fc.constantFrom(...INTERESTING_U64), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
  }),
  fc.record({ kind: fc.constant("u32" as const), pick: fc.nat(), value: fc.constantFrom(0, 1, 2, 3, 6, 0x7000_0000, 0xffff_ffff) }),
  fc.record({ kind: fc.constant("u16" as const), pick: fc.nat(), value: fc.constantFrom(...INTERESTING_U16) }),
  fc.record({ kind: fc.constant("byte" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);

/** An ELF from one of the bases with up to four mutations, maybe cut short. */
export const mutatedElf: fc.Arbitrary<Uint8Array> = fc
  .record({ base: fc.nat(ELF_BASES.length - 1), muts: fc.array(mutation, { minLength: 1, maxLength: 4 }), cut: fc.option(fc.nat(), { freq: 6 }) })
  .map(({ base, muts, cut }) => {
    const b = ELF_BASES[base].slice();
    const f = elfFields(b);
    const dv = new DataView(b.buffer);
    for (const m of muts) {
      if (m.kind === "u64") dv.setBigUint64(f.u64[m.pick % f.u64.length], m.value, true);
      else if (m.kind === "u32" && f.u32.length > 0) dv.setUint32(f.u32[m.pick % f.u32.length], m.value >>> 0, true);
      else if (m.kind === "u16") dv.setUint16(f.u16[m.pick % f.u16.length], m.value, true);
      else if (m.kind === "byte") b[m.at % Math.min(b.length, f.phEnd)] = m.value;
    }
    return cut === null ? b : b.subarray(0, cut % (b.length + 1));
  });

const ourBins = ["images/output.bin", "images/hypercall/hypercall.bin", "images/loop/loop.bin"].map((p) => new Uint8Array(readFileSync(p)));
const dtb = buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus: 1, gicVersion: 2 });
const text = (s: string) => new TextEncoder().encode(s);

/** Flat binaries and things that are not images at all. */
export const flatOrOther: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 256 }),
  fc
    .record({ which: fc.nat(ourBins.length - 1), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), n: fc.integer({ min: 1, max: 8 }) })
    .map(({ which, at, value, n }) => {
      const b = ourBins[which].slice();
      for (let k = 0; k < n; k++) b[(at + k * 131) % b.length] = (value + k * 37) & 0xff;
      return b;
    }),
  fc.constantFrom(dtb, text("# README\nnot an image\n"), text('{"vm":[]}'), new Uint8Array([0x1f, 0x8b, 8, 0]), new Uint8Array(0), text("#!/bin/sh\n")),
);

export const anyImage: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: mutatedElf, weight: 3 },
  { arbitrary: flatOrOther, weight: 2 },
  { arbitrary: fc.constantFrom(...ourBins, helloElf, smallElf), weight: 1 },
);

const hexOf = (v: bigint) => `0x${v.toString(16)}`;
const address = fc.oneof(fc.constantFrom(...INTERESTING_U64).map(hexOf), fc.constantFrom("junk", "-1", "", "0x", "1e3"));
const size = fc.constantFrom(
  "4K",
  "128M",
  "1G",
  "2G",
  "1M",
  "128M",
  "768M",
  "1G",
  "2G",
  "64G",
  "65G",
  "100G",
  "255G",
  "0",
  "0x8000000",
  "0x80000000",
  "big",
  "-4K",
  "1.5G",
);

/** `arb` in about one case of `every`, else nothing. */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: arb, weight: 1 }, { arbitrary: fc.constant(null), weight: every - 1 });
/** Mostly values that work, sometimes anything. */
const mostly = <T>(good: fc.Arbitrary<T>, any: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: any, weight: 1 });

/** Command-line options (values as a user might type them, wrong ones included). */
export const options: fc.Arbitrary<string[]> = fc
  .record({
    base: sometimes(mostly(fc.constantFrom("0x40100000", "0x6ff00000", "0x71000000", "0x80000000"), address), 5),
    entry: sometimes(mostly(fc.constantFrom("0x40100000", "0x40100004", "0x40100002"), address), 5),
    mem: sometimes(size, 3),
    gic: sometimes(fc.constantFrom("2", "3", "4"), 4),
    dtb: sometimes(fc.constantFrom("../shared/fixtures/virt.dtb", "../shared/fixtures/virt-gicv3.dtb", "README.md", "images/output.bin"), 5),
  })
  .map((o) => Object.entries(o).flatMap(([k, v]) => (v === null ? [] : [`--${k}`, v])));

const junk = fc.constantFrom<unknown>(null, -1, 1.5, "", "x", "0x", [], {});
/** A JSON field: absent in most cases, else mostly a value that works, sometimes junk. */
const field = (good: fc.Arbitrary<unknown>, every = 3) => sometimes(fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: junk, weight: 1 }), every);
const goodBase = mostly(fc.constantFrom("0x40100000", "0x6ff00000", "0x71000000", "0x80000000"), address);

/** A config file's JSON, its VM's image named `image`. */
export const configJson: fc.Arbitrary<unknown> = fc
  .record({
    base_addr: field(goodBase),
    entry: field(mostly(fc.constantFrom("0x40100000", "0x40100004"), address), 4),
    dmem_size: field(mostly(fc.constantFrom("0x8000000", "0x80000000", "0x1000"), fc.constantFrom("0x1000000000", "0x1001000000", "0")), 2),
    nr_cpus: field(fc.constantFrom(1, 2, 8, 9), 4),
    devs: field(
      fc.array(
        fc.record({
          id: fc.constantFrom(1, 2),
          pa: mostly(fc.constantFrom("0x9000000", "0x9010000"), address),
          va: mostly(fc.constantFrom("0xc000000", "0x9000000", "0x40200000", "0x70000000", "0x7fffff000"), address),
          size: fc.constantFrom("0x1000", "0x10000", "0"),
          interrupts: fc.constantFrom([33], [27], [2000]),
        }),
        { maxLength: 2 },
      ),
      4,
    ),
    dtb: field(
      fc.record({
        base_addr: mostly(fc.constantFrom("0x40000000", "0x70000000", "0x8000000000", "0x4010000000", "0x90000000"), address),
        image: fc.constantFrom(null, "virt.dtb"),
      }),
      4,
    ),
    gic: field(fc.constantFrom(2, 3), 4),
    unknownField: sometimes(fc.constant(1), 10),
  })
  .map(({ dtb, gic, unknownField, ...vm }) => {
    const present = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
    return present({ vm: [{ image: "image", ...present(vm) }], dtb, gic, colour: unknownField });
  });

/** One run: an image, maybe a config naming it, and options. */
export interface FuzzCase {
  image: Uint8Array;
  config: unknown | null;
  options: string[];
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  image: anyImage,
  config: sometimes(configJson, 4),
  options,
});

/** Write the case's files; the argv the CLI would get. */
export function materialise(c: FuzzCase, dir: string): string[] {
  const image = join(dir, "image");
  writeFileSync(image, c.image);
  if (c.config === null) return [image, ...c.options];
  if (existsSync("../shared/fixtures/virt.dtb")) copyFileSync("../shared/fixtures/virt.dtb", join(dir, "virt.dtb"));
  const cfg = join(dir, "config.json");
  writeFileSync(cfg, JSON.stringify(c.config));
  return ["--config", cfg, ...c.options];
}
