// The real target: Unikraft 0.12 images as the Avisor course builds them (public repository
// vvbbnn00/libos-summer-camp-workbench, folder avisor/image). They are never committed here:
// point AVISOR_COMPAT_IMAGES at a folder holding them to run these tests.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { BACKENDS, type Backend } from "../backends.ts";
import { loadDisassembler } from "../../src/lockstep/disassembler.ts";
import { runLockstep } from "../../src/lockstep/lockstep.ts";
import { skipNote } from "../skip-note.ts";

const dir = process.env.AVISOR_COMPAT_IMAGES ?? "";
const have = (f: string) => dir !== "" && existsSync(join(dir, f));
const FIXTURE = "../shared/fixtures/virt.dtb";

// Say once what is missing, so a skipped test here is never a silent pass.
const COMPAT_FILES = [
  "app-helloworld_kvm-arm64",
  "output.bin",
  "1.hypercall.bin",
  "2.restore-to-latest-ckpt.bin",
  "3.restore-to-specified-ckpt.bin",
  "4.restart.bin",
  "5.1.mem-reader.bin",
  "5.2.mem-writer.bin",
  "virt-gicv3.dtb",
];
if (dir === "") skipNote("AVISOR_COMPAT_IMAGES is not set (a folder with the course's Unikraft images): the Unikraft 0.12 tests");
else if (COMPAT_FILES.some((f) => !have(f)))
  skipNote(`AVISOR_COMPAT_IMAGES=${dir} has no ${COMPAT_FILES.filter((f) => !have(f)).join(", ")}: the tests of those images`);
if (!existsSync(FIXTURE)) skipNote(`no QEMU virt.dtb at ${FIXTURE}: the Unikraft tests with QEMU's DTB`);

const BANNER = [
  "Powered by",
  "o.   .o       _ _               __ _",
  "Oo   Oo  ___ (_) | __ __  __ _ ' _) :_",
  "oO   oO ' _ `| | |/ /  _)' _` | |_|  _)",
  "oOo oOO| | | | |   (| | | (_) |  _) :_",
  " OoOoO ._, ._:_:_,\\_._,  .__,_:_, \\___)",
].join("\n");

// What the guests print under qemu-system-aarch64 7.2 (-M virt,virtualization=on -cpu cortex-a57)
// running Avisor built from the same repository, Avisor's own log lines taken out; compared
// byte for byte with \r\n line ends (only the boot-time counter is the clock's).
const HELLO = `${BANNER}\n      Epimetheus 0.12.0~052b89e4-custom\nBoot Time Cycles = N\nHello World!\n`;
const ciallo = (action: number) => `${BANNER}\n              Epimetheus 0.12.0~e245e7f\nCiallo World, now perform action ${action}\n`;
const crlf = (text: string) => text.replace(/\n/g, "\r\n");

/** entry null: as `npm run boot` without --entry (Unikraft's entry found in the flat binary). */
function boot(cpu: Backend, image: string, entry: number | null, dtb: string | null, maxInsns = 60_000_000, gic: 2 | 3 = 2) {
  const config = defaultConfig(join(dir, image));
  config.gicVersion = gic;
  config.vms[0].entry = entry;
  config.dtb.image = dtb;
  const out: number[] = [];
  const log = new Log(() => {}, false, true);
  const m = createMachine(config, { cpu, log, uartOut: (b) => out.push(b) });
  let exit: number | "limit" = "limit";
  while (m.hv.totalInstructions < maxInsns) {
    const r = m.hv.step();
    if (r.kind === "finished") {
      exit = r.exitCode;
      break;
    }
    if (r.kind !== "running") throw new Error(`stopped: ${r.kind}`);
  }
  // Unikraft prints a boot-time counter value; it depends on the clock, not on us.
  const raw = Buffer.from(out)
    .toString("latin1")
    .replace(/Boot Time Cycles = \d+/, "Boot Time Cycles = N");
  return { exit, raw, text: raw.replace(/\r/g, ""), log: log.lines, insns: m.hv.totalInstructions };
}

const dtbs: [string, string | null][] = [
  ["generated DTB", null],
  ["QEMU's virt.dtb", existsSync(FIXTURE) ? FIXTURE : null],
];

for (const { cpu, skip, label } of BACKENDS)
  describe.skipIf(!have("app-helloworld_kvm-arm64") || skip !== null)(`Unikraft 0.12 images (AVISOR_COMPAT_IMAGES), ${label}`, () => {
    for (const [name, dtb] of dtbs) {
      it.skipIf(name !== "generated DTB" && dtb === null)(`app-helloworld_kvm-arm64 --entry 0x40101b20 (${name}): banner, Hello World!, exit 0`, () => {
        const r = boot(cpu, "app-helloworld_kvm-arm64", 0x4010_1b20, dtb);
        expect(r.exit).toBe(0);
        expect(r.raw).toBe(crlf(HELLO));
      });
      for (const [image, action] of [
        ["output.bin", 6],
        ["1.hypercall.bin", 1],
      ] as const) {
        it.skipIf(!have(image) || (name !== "generated DTB" && dtb === null))(
          `${image} --entry 0x401014b0 (${name}): byte for byte what QEMU + Avisor prints`,
          () => {
            const r = boot(cpu, image, 0x4010_14b0, dtb);
            expect(r.raw).toBe(crlf(ciallo(action)));
            if (image === "1.hypercall.bin") expect(r.log).toContain("AVISOR INFO: Hypercall message: Hello, Hypervisor!");
            expect(r.exit).toBe(0);
          },
        );
      }
      // Both restore forever by design: a restore returns to just after the checkpoint.
      it.skipIf(!have("2.restore-to-latest-ckpt.bin") || (name !== "generated DTB" && dtb === null))(
        `2.restore-to-latest-ckpt.bin (${name}): the restore brings back memory and registers of the checkpoint`,
        () => {
          const r = boot(cpu, "2.restore-to-latest-ckpt.bin", 0x4010_14b0, dtb, 12_000_000);
          expect(r.text).toContain("Ciallo World, now perform action 2");
          const round =
            "After checkpoint, i(static)=0, j(register)=1131796\nAfter modification, i(static)=10, j(register)=20\n\n--------- Restore snapshot ---------\n";
          expect(r.text.split(round).length).toBeGreaterThan(3);
          expect(r.log).toContain("AVISOR INFO: Checkpoint snapshot created: ID=0, size=135671808"); // image + 128 MiB + DTB
          expect(r.log.filter((l) => l.startsWith("AVISOR INFO: Restore snapshot: ID=0")).length).toBeGreaterThan(2);
        },
      );
      it.skipIf(!have("3.restore-to-specified-ckpt.bin") || (name !== "generated DTB" && dtb === null))(
        `3.restore-to-specified-ckpt.bin (${name}): restoring snapshot 1 resumes after checkpoint #1`,
        () => {
          // Round 1 ends at 10.44 M instructions (QEMU's DTB: 11.76 M); then it loops for ever,
          // 1790 instructions a round, so stop a few rounds later.
          const r = boot(cpu, "3.restore-to-specified-ckpt.bin", 0x4010_14b0, dtb, dtb === null ? 10_458_000 : 11_770_000);
          expect(r.text).toContain(
            "ckpt #0, i=10\nckpt #1, i=20\nckpt #2, i=30\nckpt #3, i=40\nckpt #4, i=50\nckpt #2, i=30\nckpt #3, i=40\nckpt #4, i=50\nckpt #2, i=30",
          );
          expect(r.log).toContain("AVISOR INFO: Asked snapshot: ID=1");
        },
      );
    }
    // Avisor never frees a snapshot, so this guest loops forever under QEMU + Avisor. Its three
    // checkpoints a round hold 25 MiB each: the 1 GiB budget is used up in round 14, after which
    // its checkpoints are refused (x0 = -1) and snapshot 1 still restores, round after round.
    it.skipIf(!have("3.restore-to-specified-ckpt.bin"))(
      "3.restore-to-specified-ckpt.bin: past the snapshot budget (round 14) checkpoints are refused, none dropped, and it keeps looping",
      () => {
        const r = boot(cpu, "3.restore-to-specified-ckpt.bin", 0x4010_14b0, null, 10_488_000);
        expect(r.exit).toBe("limit");
        expect(r.text.split("ckpt #2, i=30\nckpt #3, i=40\nckpt #4, i=50\n").length - 1).toBeGreaterThan(20);
        expect(
          r.log.filter((l) => l.startsWith("AVISOR WARNING: vm0 vcpu0: checkpoint refused (x0 = -1): the snapshot budget of 1 GiB for all VMs is used up")),
        ).toHaveLength(1);
        expect(r.log.filter((l) => l === "AVISOR INFO: vm0 vcpu0: checkpoint refused, snapshot budget used up (x0 = -1)").length).toBeGreaterThan(10);
        expect(r.log.filter((l) => l.startsWith("AVISOR ERROR"))).toEqual([]);
        expect(r.log.filter((l) => l.startsWith("AVISOR INFO: Restore snapshot: ID=1,")).length).toBeGreaterThan(20);
      },
      600_000,
    );
    it.skipIf(!have("virt-gicv3.dtb"))(
      "app-helloworld_kvm-arm64 with --gic 3 (generated DTB and the folder's virt-gicv3.dtb): banner, Hello World!, exit 0",
      () => {
        for (const gicDtb of [null, join(dir, "virt-gicv3.dtb")]) {
          const r = boot(cpu, "app-helloworld_kvm-arm64", 0x4010_1b20, gicDtb, 60_000_000, 3);
          expect(r.exit).toBe(0);
          expect(r.raw).toBe(crlf(HELLO));
        }
      },
    );
    it("boots without --entry: the entry is found in each flat binary, as the course writes it into entry.h", () => {
      const hello = boot(cpu, "app-helloworld_kvm-arm64", null, null);
      expect(hello).toMatchObject({ exit: 0, raw: crlf(HELLO) });
      expect(hello.log).toContain("AVISOR INFO: vm0: entry 0x40101b20, Unikraft's kvm-arm64 entry found in the flat image (--entry overrides)");
      const out = boot(cpu, "output.bin", null, null);
      expect(out).toMatchObject({ exit: 0, raw: crlf(ciallo(6)) });
    });

    it.skipIf(!have("5.1.mem-reader.bin") || !have("5.2.mem-writer.bin"))("5.1 reader and 5.2 writer run as two VMs and share Avisor's memory region", () => {
      const config = defaultConfig(join(dir, "5.1.mem-reader.bin"));
      config.vms[0].entry = 0x4010_14b0;
      config.vms.push({ ...config.vms[0], image: join(dir, "5.2.mem-writer.bin") });
      config.hyp.nrCpus = 2;
      const out: number[] = [];
      const m = createMachine(config, { cpu, log: new Log(() => {}), uartOut: (b) => out.push(b) });
      while (m.hv.totalInstructions < 80_000_000 && !Buffer.from(out).includes("Hello, shared memory!")) {
        expect(m.hv.step().kind).toBe("running");
      }
      const text = Buffer.from(out).toString("latin1").replace(/\r/g, "");
      expect(text).toContain("Shared memory: Hello, shared memory!");
      // One clock for both: the reader (sleep(2), then a read a second) sees the old contents
      // at 2, 3, 4 and 5 s, the writer's after its sleep(5). QEMU + Avisor showed 5, its second
      // VM starting later. (With a clock per VM its sleeps cost nothing: 13 reads before the
      // writer had even printed its banner.)
      expect(text.split("Shared memory: Ciallo!\n").length - 1).toBe(4);
      // Each vCPU keeps the host for a slice: the two banners come out whole, not interleaved.
      expect(text.startsWith(ciallo(5))).toBe(true);
      expect(text).toContain(ciallo(6));
    });

    it.skipIf(!have("4.restart.bin"))("4.restart.bin: action 4, then the restart hypercall reboots the VM", () => {
      const r = boot(cpu, "4.restart.bin", 0x4010_14b0, null, 40_000_000);
      expect(r.raw.startsWith(crlf(`${ciallo(4)}--- Restart ---\n`.repeat(3)))).toBe(true); // booted again, and again
      expect(r.log).toContain("AVISOR INFO: Restart vm0");
    });
  });

const unicornMissing = BACKENDS.find((b) => b.cpu === "unicorn")!.skip;
describe.skipIf(!have("app-helloworld_kvm-arm64") || unicornMissing !== null)(
  `lockstep over a whole Unikraft boot${unicornMissing ? ` (skipped: ${unicornMissing})` : ""}`,
  () => {
    it("app-helloworld_kvm-arm64: ts and unicorn agree on every register every 1000 instructions and on RAM every 1M, to the end", async () => {
      const config = defaultConfig(join(dir, "app-helloworld_kvm-arm64"));
      config.vms[0].entry = 0x4010_1b20;
      const r = runLockstep(config, { window: 1000, ramEvery: 1_000_000, maxInsns: 60_000_000, disassembler: await loadDisassembler() });
      expect(r.kind === "diverged" ? r.divergence.differences : []).toEqual([]);
      expect(r).toMatchObject({ kind: "agree", why: "finished", exitCode: 0 });
      if (r.kind === "agree") expect(r.output).toContain("Hello World!");
    });
  },
);
