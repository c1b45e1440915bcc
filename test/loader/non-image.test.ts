// Files that are plainly not guest images are named for what they are; real flat binaries,
// ours and the course's, are never among them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ImageError } from "../../src/loader/image-error.ts";
import { loadImage } from "../../src/loader/image.ts";
import { describeNonImage } from "../../src/loader/non-image.ts";
import { buildVirtDtb } from "../../src/devices/fdt/virt-dtb.ts";

const flat = { base: 0x4010_0000 };
const text = (s: string) => new TextEncoder().encode(s);

/** Every committed flat binary: images/*.bin and images/<name>/*.bin. */
function ourFlatBinaries(): string[] {
  const out: string[] = [];
  for (const e of readdirSync("images", { withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith(".bin")) out.push(join("images", e.name));
    if (e.isDirectory()) for (const f of readdirSync(join("images", e.name))) if (f.endsWith(".bin")) out.push(join("images", e.name, f));
  }
  return out;
}

const COMPAT = process.env.AVISOR_COMPAT_IMAGES ?? "";

describe("non-images passed as the image", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    [
      "a DTB",
      buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus: 1, gicVersion: 2 }),
      /^x is a device tree blob, not a guest image \(pass it with --dtb\)$/,
    ],
    [
      "a README",
      text("# avisor-ts\n\nAn AArch64 machine … in TypeScript.\n"),
      /^x is a text file, not a guest image \(a guest image is an ELF64 AArch64 executable or a flat binary\)$/,
    ],
    ["a JSON config", text('  {\n "vm": [ { "image": "a.bin" } ]\n}\n'), /^x is a JSON document, not a guest image \(a VM configuration goes with --config\)$/],
    [
      "a gzip file",
      new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff]),
      /^x is gzip-compressed data, not a guest image \(decompress it first, with gunzip\)$/,
    ],
    ["a zip file", new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0]), /^x is a zip archive, not a guest image \(unpack it first\)$/],
    ["a shell script", text("#!/bin/sh\necho hi\n"), /^x is a script, not a guest image/],
    ["device tree source", text("/dts-v1/;\n/ { };\n"), /^x is device tree source, not a guest image \(compile it with dtc/],
    ["an empty file", new Uint8Array(0), /^x is an empty file, not a guest image/],
  ];
  for (const [what, bytes, msg] of cases) {
    it(`${what}: refused, saying what it looks like`, () => {
      expect(() => loadImage(bytes, "x", flat)).toThrow(ImageError);
      expect(() => loadImage(bytes, "x", flat)).toThrow(msg);
    });
  }

  it("every committed flat binary still loads as one", () => {
    const bins = ourFlatBinaries();
    expect(bins.length).toBeGreaterThan(10);
    for (const b of bins) expect(describeNonImage(readFileSync(b)), b).toBeNull();
  });

  it.skipIf(!existsSync(COMPAT))(
    `the course's flat binaries (AVISOR_COMPAT_IMAGES) still load as such${existsSync(COMPAT) ? "" : " (skipped: AVISOR_COMPAT_IMAGES is not set or names no folder)"}`,
    () => {
      const bins = readdirSync(COMPAT).filter((f) => f.endsWith(".bin") || f === "app-helloworld_kvm-arm64");
      expect(bins.length).toBeGreaterThan(0);
      for (const b of bins) expect(describeNonImage(readFileSync(join(COMPAT, b))), b).toBeNull();
    },
  );

  it("property: bytes holding a zero byte are never taken for text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), (bytes, at) => {
        bytes[at % bytes.length] = 0;
        // No magic number starts with a zero byte except tar's at 257, which needs "ustar".
        const d = describeNonImage(bytes);
        expect(d === null || /tar|device tree|compressed|zip|PDF|PNG|uImage/.test(d.what)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
