// The guest's bytes on their way to stdout: a sink that fails, at once or later, closes the
// output once and says why; nothing is written after that.
import { describe, expect, it } from "vitest";
import { GuestOutput, type OutputSink } from "../../src/cli/guest-output.ts";

function fakeSink(fail: "never" | "throw" | "later") {
  const written: number[] = [];
  let emit: (e: NodeJS.ErrnoException) => void = () => {};
  const sink: OutputSink = {
    write: (bytes) => {
      if (fail === "throw") throw Object.assign(new Error("write EBADF"), { code: "EBADF" });
      written.push(...bytes);
      if (fail === "later") queueMicrotask(() => emit(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })));
    },
    onError: (l) => (emit = l),
  };
  return { sink, written };
}

describe("GuestOutput", () => {
  it("batches bytes and writes them on flush", () => {
    const { sink, written } = fakeSink("never");
    const out = new GuestOutput(sink);
    for (const b of [72, 105]) out.push(b);
    expect(written).toEqual([]);
    out.flush();
    expect(written).toEqual([72, 105]);
    expect(out.closedBy).toBeNull();
  });

  it("a write that throws closes the output with its code and calls onClose once", () => {
    const { sink } = fakeSink("throw");
    const out = new GuestOutput(sink);
    let closes = 0;
    out.onClose(() => closes++);
    out.push(65);
    out.flush();
    out.push(66);
    out.flush();
    expect(out.closedBy).toBe("EBADF");
    expect(closes).toBe(1);
  });

  it("an error the stream reports later closes it too, and later bytes are dropped", async () => {
    const { sink, written } = fakeSink("later");
    const out = new GuestOutput(sink);
    out.push(65);
    out.flush();
    await Promise.resolve();
    expect(out.closedBy).toBe("EPIPE");
    out.push(66);
    out.flush();
    expect(written).toEqual([65]);
  });
});
