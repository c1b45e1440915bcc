import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checksum, escapeBinary, frame, fromLeHex, leHex, PacketReader, runLengthDecode, runLengthEncode, unescapeBinary } from "../../src/debug/packet.ts";

describe("RSP packet layer", () => {
  it("checksums are the modulo-256 byte sum (gdb's own examples)", () => {
    expect(checksum("OK")).toBe(0x9a);
    expect(frame("OK")).toBe("$OK#9a");
    expect(frame("")).toBe("$#00");
    expect(frame("qSupported")).toBe("$qSupported#37");
  });

  it("reads packets split anywhere, with acks and Ctrl-C between them", () => {
    const r = new PacketReader();
    expect(r.push("+$g#6")).toEqual([{ kind: "ack" }]);
    expect(r.push("7\x03-$m40,4#")).toEqual([{ kind: "packet", payload: "g" }, { kind: "interrupt" }, { kind: "nack" }]);
    expect(r.push("31")).toEqual([{ kind: "packet", payload: "m40,4" }]);
  });

  it("reports a packet with a wrong checksum as bad", () => {
    expect(new PacketReader().push("$g#00")).toEqual([{ kind: "bad-packet" }]);
  });

  it("an escaped '#' inside binary data does not end the packet", () => {
    const data = "a#b$c}d*e";
    const esc = escapeBinary(data);
    expect(esc).toBe("a}\x03b}\x04c}]d}\x0ae");
    const events = new PacketReader().push(frame(`X40,9:${esc}`));
    expect(events).toEqual([{ kind: "packet", payload: `X40,9:${esc}` }]);
    expect(unescapeBinary(esc)).toBe(data);
  });

  it("escaping round-trips every byte string", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const s = String.fromCharCode(...bytes);
        const e = escapeBinary(s);
        expect(e).not.toMatch(/[#$*]/);
        expect(unescapeBinary(e)).toBe(s);
      }),
    );
  });

  it("run-length encoding: runs of 4+ shrink, '#' and '$' never appear as counts", () => {
    expect(runLengthEncode("0000")).toBe("0* ");
    expect(runLengthDecode("0* ")).toBe("0000");
    const seven = runLengthEncode("x".repeat(7)); // 6 repeats would be '#'
    expect(seven).not.toMatch(/[#$]/);
    expect(runLengthDecode(seven)).toBe("x".repeat(7));
    const long = `${"0".repeat(512)}1`;
    expect(runLengthEncode(long).length).toBeLessThan(30);
    fc.assert(
      fc.property(fc.array(fc.constantFrom("0", "1", "f"), { maxLength: 300 }), (chars) => {
        const s = chars.join("");
        const enc = runLengthEncode(s);
        expect(enc).not.toMatch(/[#$]/);
        expect(runLengthDecode(enc)).toBe(s);
      }),
    );
  });

  it("a compressed frame decodes through the reader", () => {
    const payload = `${"0".repeat(100)}abc${"f".repeat(20)}`;
    expect(new PacketReader().push(frame(payload, true))).toEqual([{ kind: "packet", payload }]);
  });

  it("register values travel little-endian", () => {
    expect(leHex(0x40100000n, 8)).toBe("0000104000000000");
    expect(fromLeHex("0000104000000000")).toBe(0x40100000n);
    expect(leHex(0x3c5n, 4)).toBe("c5030000");
  });
});
