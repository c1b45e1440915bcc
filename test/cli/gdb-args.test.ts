import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args.ts";

function options(argv: string[]) {
  const c = parseCommandLine(argv);
  if (c.kind !== "run") throw new Error("expected a run");
  return c.options;
}

describe("GDB stub flags", () => {
  it("--gdb PORT, -s (port 1234) and -S / --wait-gdb (port 1234 unless --gdb says)", () => {
    expect(options(["images/output.bin"])).toMatchObject({ gdbPort: null, waitGdb: false });
    expect(options(["images/output.bin", "--gdb", "4321"])).toMatchObject({ gdbPort: 4321, waitGdb: false });
    expect(options(["images/output.bin", "-s"])).toMatchObject({ gdbPort: 1234, waitGdb: false });
    expect(options(["images/output.bin", "-s", "-S"])).toMatchObject({ gdbPort: 1234, waitGdb: true });
    expect(options(["images/output.bin", "--wait-gdb"])).toMatchObject({ gdbPort: 1234, waitGdb: true });
    expect(options(["images/output.bin", "-S", "--gdb", "0"])).toMatchObject({ gdbPort: 0, waitGdb: true });
  });

  it("rejects what is not a port", () => {
    expect(() => parseCommandLine(["images/output.bin", "--gdb", "70000"])).toThrow(`--gdb: expected a TCP port (0-65535), got "70000"`);
    expect(() => parseCommandLine(["images/output.bin", "--gdb", "-1"])).toThrow(/--gdb/);
  });
});
