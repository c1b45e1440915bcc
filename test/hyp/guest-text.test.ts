// Guest-supplied text in log lines (src/hyp/guest-text.ts): one line, nothing a terminal acts
// on, every byte accounted for, bounded.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GUEST_TEXT_MAX_BYTES, guestText, TRUNCATED_MARK } from "../../src/hyp/guest-text.ts";

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

/** Undo guestText's escapes (for the property that nothing is lost). */
function unescapeGuestText(line: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < line.length; ) {
    if (line[i] !== "\\") {
      const cp = line.codePointAt(i)!;
      out.push(...Buffer.from(String.fromCodePoint(cp), "utf8"));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const c = line[i + 1];
    if (c === "x") {
      out.push(parseInt(line.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (c === "u") {
      const end = line.indexOf("}", i);
      out.push(...Buffer.from(String.fromCodePoint(parseInt(line.slice(i + 3, end), 16)), "utf8"));
      i = end + 1;
    } else {
      out.push({ n: 10, r: 13, t: 9, e: 27, "\\": 92 }[c as "n"]);
      i += 2;
    }
  }
  return Uint8Array.from(out);
}

describe("guest text in log lines", () => {
  it("a forged log line and terminal escapes come out as one inert line", () => {
    expect(guestText(bytes("hi\nAVISOR ERROR: forged\x1b[2J\r\t\\"))).toBe("hi\\nAVISOR ERROR: forged\\e[2J\\r\\t\\\\");
  });

  it("other C0 controls, DEL and C1 controls as \\xNN of their bytes; printable UTF-8 kept", () => {
    expect(guestText(Uint8Array.from([0x00, 0x07, 0x08, 0x7f]))).toBe("\\x00\\x07\\x08\\x7f");
    expect(guestText(bytes("a\u009bb\u0085"))).toBe("a\\xc2\\x9bb\\xc2\\x85"); // C1 CSI and NEL
    expect(guestText(bytes("Grüße, 世界 🙂"))).toBe("Grüße, 世界 🙂");
  });

  it("line separators and bidirectional overrides are named, not obeyed", () => {
    expect(guestText(bytes("a\u2028b\u202ec\u2066"))).toBe("a\\u{2028}b\\u{202e}c\\u{2066}");
  });

  it("bytes that are not UTF-8 come out as \\xNN: stray continuations, overlongs, surrogates, cut sequences", () => {
    expect(guestText(Uint8Array.from([0x41, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82]))).toBe(
      "A\\x80\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\xe2\\x82",
    );
  });

  it(`at most ${GUEST_TEXT_MAX_BYTES} bytes are shown, and a cut is marked`, () => {
    const long = new Uint8Array(5000).fill(0x61);
    expect(guestText(long)).toBe("a".repeat(GUEST_TEXT_MAX_BYTES) + TRUNCATED_MARK);
    expect(TRUNCATED_MARK).toBe(" [truncated at 1024 bytes]");
    expect(guestText(long.subarray(0, GUEST_TEXT_MAX_BYTES))).toBe("a".repeat(GUEST_TEXT_MAX_BYTES));
    expect(guestText(bytes("abc"), true)).toBe(`abc${TRUNCATED_MARK}`);
  });

  it("for any bytes: one line, no control character, and the escapes give back exactly the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const line = guestText(b);
        // No C0, DEL, C1, and no separators or bidi controls survive.
        expect(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(line)).toBe(false);
        expect(Buffer.from(unescapeGuestText(line)).equals(Buffer.from(b))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
