// Issue 11: only regular files are read as images, DTBs and configs, each up to a limit. A
// character device, FIFO, directory or socket ends in one line and exit 2 instead of being
// read until the host runs out of memory or blocking forever.
import { spawnSync } from "node:child_process";
import { mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { configFileReader, maxImageBytes } from "../../src/cli/input-files.ts";
import { InputFileError, MAX_CONFIG_BYTES, MAX_DTB_BYTES, readInputFile } from "../../src/cli/read-input.ts";
import { boot } from "./run-cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "avisor-inputs-"));
const fifo = join(tmp, "fifo");
const socket = join(tmp, "socket");
let server: Server;

/** A sparse file of `size` bytes: large on paper, nothing on disk. */
function sparse(name: string, size: number): string {
  const file = join(tmp, name);
  const fd = openSync(file, "w");
  ftruncateSync(fd, size);
  closeSync(fd);
  return file;
}

beforeAll(async () => {
  expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
  server = createServer();
  await new Promise<void>((r) => server.listen(socket, r));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function config(fields: { image?: string; dtb?: string }): string {
  const file = join(tmp, `config-${Math.random().toString(36).slice(2)}.json`);
  const vm = { image: fields.image ?? `${process.cwd()}/images/output.bin` };
  writeFileSync(file, JSON.stringify({ vm: [vm], dtb: { image: fields.dtb ?? null } }));
  return file;
}

describe("files that are not regular files", () => {
  const kinds: [string, () => string][] = [
    ["a character device", () => "/dev/zero"],
    ["a FIFO", () => fifo],
    ["a directory", () => join(process.cwd(), "images")],
    ["a socket", () => socket],
  ];

  it("each kind, for each use, is refused in-process with what it is", () => {
    for (const [words, path] of kinds) {
      for (const kind of ["image", "DTB", "config"] as const) {
        expect(() => readInputFile(path(), kind, 1 << 30)).toThrow(`cannot read ${kind} ${path()}: not a regular file (${words})`);
      }
    }
  });

  for (const [words, path] of kinds) {
    it(`${words} as the image: exit 2, one line`, () => {
      const r = boot([path()], { timeout: 30_000 });
      expect(r).toMatchObject({ code: 2, stderr: [`avisor: cannot read image ${path()}: not a regular file (${words})`] });
    });
  }

  it("/dev/zero as --dtb, --config, a config's image or dtb.image, and a directory as --dtb: each named for what it is used as", () => {
    const cases: [string[], string][] = [
      [["images/output.bin", "--dtb", "/dev/zero"], "avisor: cannot read DTB /dev/zero: not a regular file (a character device)"],
      [["images/output.bin", "--dtb", "images"], "avisor: cannot read DTB images: not a regular file (a directory)"],
      [["--config", "/dev/zero"], "avisor: cannot read config /dev/zero: not a regular file (a character device)"],
      [["--config", config({ image: "/dev/zero" })], "avisor: cannot read image /dev/zero: not a regular file (a character device)"],
      [["--config", config({ dtb: "/dev/zero" })], "avisor: cannot read DTB /dev/zero: not a regular file (a character device)"],
    ];
    for (const [args, line] of cases) {
      const r = boot(args, { timeout: 30_000 });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr: [line] });
    }
  }, 180_000); // five runs of the CLI on a loaded machine
});

describe("npm run lockstep reads its files the same way", () => {
  it("/dev/zero as its image: exit 2, one line, before it looks for Unicorn", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/lockstep.ts", "/dev/zero"], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("lockstep: cannot read image /dev/zero: not a regular file (a character device)\n");
  });
});

describe("size limits", () => {
  it("a DTB over 2 MiB and a config over 1 MiB are refused without reading them", () => {
    const dtb = sparse("big.dtb", MAX_DTB_BYTES + 1024 * 1024);
    expect(boot(["images/output.bin", "--dtb", dtb])).toMatchObject({
      code: 2,
      stderr: [`avisor: cannot read DTB ${dtb}: 3 MiB is larger than the 2 MiB a DTB may have (QEMU's and Linux's limit)`],
    });
    const cfg = sparse("big.json", 2 * MAX_CONFIG_BYTES);
    expect(boot(["--config", cfg])).toMatchObject({
      code: 2,
      stderr: [`avisor: cannot read config ${cfg}: 2 MiB is larger than the 1 MiB a config file may have`],
    });
  }, 120_000);

  it("a DTB of exactly 2 MiB is within the limit (it fails later, as the bytes are no DTB)", () => {
    const dtb = sparse("exact.dtb", MAX_DTB_BYTES);
    const r = boot(["images/output.bin", "--dtb", dtb]);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).not.toMatch(/cannot read DTB/);
  });

  it("an image larger than the VM's RAM can hold is refused, named as an image", () => {
    const image = sparse("big.bin", 9 * 1024 * 1024);
    const c = defaultConfig(image);
    // RAM from base_addr must end inside the virt RAM window: here 16 MiB of room, 8 MiB dmem.
    c.vms[0].baseAddr = 0x40_0f00_0000;
    c.vms[0].dmemSize = 0x80_0000;
    expect(maxImageBytes(c.vms[0])).toBe(8 * 1024 * 1024);
    expect(() => configFileReader(c)(image, "image")).toThrow(`cannot read image ${image}: 9 MiB is larger than the 8 MiB the VM's RAM can hold`);
    c.vms[0].image = sparse("fits.bin", 8 * 1024 * 1024);
    expect(configFileReader(c)(c.vms[0].image, "image")).toHaveLength(8 * 1024 * 1024);
  });

  it("reads a regular file whole, and exactly its bytes", () => {
    const file = join(tmp, "bytes.bin");
    writeFileSync(file, Buffer.from([1, 2, 3, 250]));
    expect(Array.from(readInputFile(file, "image", 4))).toEqual([1, 2, 3, 250]);
    expect(() => readInputFile(file, "image", 3)).toThrow(InputFileError);
    expect(() => readInputFile(join(tmp, "nope"), "config", 10)).toThrow(`cannot read config ${join(tmp, "nope")}: no such file`);
  });
});
