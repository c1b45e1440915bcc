// Lockstep of the two CPU backends: our guests agree instruction by instruction, and a
// planted difference is found at exactly the instruction where it appears.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { loadDisassembler } from "../../src/lockstep/disassembler.ts";
import { runLockstep, type LockstepOptions } from "../../src/lockstep/lockstep.ts";
import { BACKENDS } from "../backends.ts";
import { skipNote } from "../skip-note.ts";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { knownUnicornDeviation, randomGuest } from "../../src/lockstep/random-guest.ts";

const unicorn = BACKENDS.find((b) => b.cpu === "unicorn")!;

// Capstone (WebAssembly) loads once for the file; the lockstep runs themselves are synchronous.
const disassembler = await loadDisassembler();

function options(o: Partial<LockstepOptions> = {}): LockstepOptions {
  return { window: 1, maxInsns: 5_000_000, ramEvery: 1_000_000, disassembler, ...o };
}

describe.skipIf(unicorn.skip !== null)(`lockstep, ts against unicorn${unicorn.skip ? ` (skipped: ${unicorn.skip})` : ""}`, () => {
  for (const [guest, exit, bytes] of [
    ["hello", 0, 14],
    ["hypercall", 0, 19],
    ["timer", 0, 58],
    ["exceptions", 0, 128],
    ["mmu", 0, 32],
    ["wild", 1, 26],
    ["edges", 0, 1442],
  ] as const) {
    it(`images/${guest}: no divergence after any instruction, same output, exit ${exit}`, () => {
      const r = runLockstep(defaultConfig(`images/${guest}/${guest}.elf`), options());
      expect(r.kind).toBe("agree");
      if (r.kind !== "agree") return;
      expect(r.why).toBe("finished");
      expect(r.exitCode).toBe(exit);
      expect(r.output.length).toBe(bytes);
    });
  }

  it("images/timer-gicv3 with --gic 3: no divergence after any instruction (ICC_* registers through the model on Unicorn)", () => {
    const config = defaultConfig("images/timer-gicv3/timer-gicv3.elf");
    config.gicVersion = 3;
    const r = runLockstep(config, options());
    expect(r).toMatchObject({ kind: "agree", why: "finished", exitCode: 0 });
  });

  it("random instruction streams agree after every instruction, or differ only where Unicorn departs from the ARM ARM", () => {
    const dir = mkdtempSync(join(tmpdir(), "avisor-random-"));
    const unexplained: string[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const file = join(dir, `random-${seed}.bin`);
      writeFileSync(file, randomGuest(seed, 250));
      const r = runLockstep(defaultConfig(file), options({ maxInsns: 100_000, ramEvery: 1000 }));
      if (r.kind === "diverged" && knownUnicornDeviation(r.divergence) === null) {
        unexplained.push(`seed ${seed}: ${r.divergence.disassembly}: ${r.divergence.differences.slice(0, 3).join("; ")}`);
      }
    }
    expect(unexplained).toEqual([]);
  });

  it("a register changed on one side is reported at that instruction, with its disassembly", () => {
    // Compared after every instruction: the guest may restore x28 from its stack later.
    const r = runLockstep(
      defaultConfig("images/timer/timer.elf"),
      options({
        window: 1,
        inject: { at: 300, apply: (ts) => ts.hv.vms[0].vcpus[0].cpu.setX(28, 0x1234n) },
      }),
    );
    expect(r.kind).toBe("diverged");
    if (r.kind !== "diverged") return;
    expect(r.divergence.instructions).toBe(300);
    expect(r.divergence.differences).toContain("vm0 vcpu0 x28: 0x1234 vs 0x0");
    expect(r.divergence.disassembly).toMatch(/^[a-z][a-z0-9.]* /); // Capstone words, not a raw .word
  });

  it("a byte of guest RAM changed on one side is found by the RAM comparison and pinned to its instruction", () => {
    const r = runLockstep(
      defaultConfig("images/loop/loop.elf"),
      options({
        window: 1000,
        ramEvery: 20_000,
        maxInsns: 60_000,
        inject: {
          at: 12_345,
          apply: (ts) => {
            const vm = ts.hv.vms[0];
            ts.hv.board.bus.ram.writeU8(vm.ram.pa + vm.ram.size - 8, 0x5a); // far from code and stack
          },
        },
      }),
    );
    expect(r.kind).toBe("diverged");
    if (r.kind !== "diverged") return;
    expect(r.divergence.instructions).toBe(12_345);
    expect(r.divergence.differences.join("\n")).toMatch(/vm0 RAM differs in the page at PA 0x[0-9a-f]+ \(IPA 0x[0-9a-f]+\)/);
  });
});

describe.skipIf(unicorn.skip !== null)(`npm run lockstep${skipNote(unicorn.skip)}`, () => {
  it("prints one line and exits 0 when the backends agree", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/lockstep.ts", "images/hello/hello.elf", "--window", "1"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^lockstep: no divergence in 122 instructions \(the guest finished \(exit 0\)\); registers compared every 1,/);
  });
  it("exits 2 with one line for a bad option", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/lockstep.ts", "images/hello/hello.elf", "--window", "zero"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('lockstep: --window needs a positive integer, got "zero"');
  });
});

describe("without the Unicorn library", () => {
  it("--cpu unicorn and lockstep exit 2 with one line that says how to install it", () => {
    const env = { ...process.env, AVISOR_UNICORN_LIB: "/nonexistent/libunicorn.so.2" };
    for (const args of [
      ["src/cli/main.ts", "images/output.bin", "--cpu", "unicorn"],
      ["src/cli/lockstep.ts", "images/output.bin"],
    ]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", ...args], { encoding: "utf8", env, timeout: 60_000 });
      expect(r.status).toBe(2);
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/needs \/nonexistent\/libunicorn.so.2 \(Unicorn 2\), which could not be loaded; install it with `apt-get install libunicorn2`/);
    }
  });
});

// The block compiler against the interpreter: no Unicorn needed. Windows of 7 let compiled
// blocks run whole (a single step never does); every block is compiled on first sight.
describe("lockstep, ts compiled (src/cpu/jit) against ts interpreted", () => {
  const forced = (fn: () => void) => () => {
    const before = process.env.AVISOR_JIT_THRESHOLD;
    process.env.AVISOR_JIT_THRESHOLD = "1";
    try {
      fn();
    } finally {
      if (before === undefined) delete process.env.AVISOR_JIT_THRESHOLD;
      else process.env.AVISOR_JIT_THRESHOLD = before;
    }
  };

  for (const guest of ["hello", "timer", "exceptions", "mmu", "edges"]) {
    it(
      `images/${guest}: no divergence, same output`,
      forced(() => {
        const r = runLockstep(
          defaultConfig(`images/${guest}/${guest}.elf`),
          options({ against: "interpreter", window: 7, maxInsns: 3_000_000, ramEvery: 10_000 }),
        );
        expect(r.kind === "agree" ? "agree" : r.divergence.differences.join("; ")).toBe("agree");
      }),
      120_000,
    );
  }

  it(
    "random instruction streams agree",
    forced(() => {
      const dir = mkdtempSync(join(tmpdir(), "avisor-random-jit-"));
      const diverged: string[] = [];
      for (let seed = 1; seed <= 12; seed++) {
        const file = join(dir, `random-${seed}.bin`);
        writeFileSync(file, randomGuest(seed, 250));
        const r = runLockstep(defaultConfig(file), options({ against: "interpreter", window: 7, maxInsns: 100_000, ramEvery: 1000 }));
        if (r.kind === "diverged") diverged.push(`seed ${seed}: ${r.divergence.disassembly}: ${r.divergence.differences.slice(0, 3).join("; ")}`);
      }
      expect(diverged).toEqual([]);
    }),
    240_000,
  );

  it(
    "a register changed on the compiled side is found",
    forced(() => {
      const r = runLockstep(
        defaultConfig("images/timer/timer.elf"),
        options({
          against: "interpreter",
          window: 7,
          inject: { at: 300, apply: (ts) => ts.hv.vms[0].vcpus[0].cpu.setX(28, 0x1234n) },
        }),
      );
      expect(r.kind).toBe("diverged");
      if (r.kind === "diverged") expect(r.divergence.differences).toContain("vm0 vcpu0 x28: 0x1234 vs 0x0");
    }),
  );
});
