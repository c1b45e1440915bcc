// Text a guest supplies (the print hypercall's string) as it may appear in a hypervisor log
// line: always one line, with nothing a terminal would act on, so a guest can neither forge
// an "AVISOR ERROR: …" line of its own nor clear or retitle the user's terminal.
//
// Valid UTF-8 is kept, except: \n \r \t as themselves escaped, ESC as \e, a backslash as \\,
// the other C0 controls, DEL and the C1 controls as \xNN of each of their bytes, and the
// Unicode line/paragraph separators and bidirectional overrides as \u{NNNN}. Bytes that are
// not UTF-8 come out as \xNN, so every \xNN stands for exactly one byte the guest wrote.
// At most GUEST_TEXT_MAX_BYTES bytes of the guest's string are shown; a longer one is cut
// there and marked.

/** Bytes of a guest string a log line shows at most. */
export const GUEST_TEXT_MAX_BYTES = 1024;

/** The mark appended to a string cut at GUEST_TEXT_MAX_BYTES. */
export const TRUNCATED_MARK = ` [truncated at ${GUEST_TEXT_MAX_BYTES} bytes]`;

const NAMED: Record<number, string> = { 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x1b: "\\e", 0x5c: "\\\\" };

const byteEscape = (b: number) => `\\x${b.toString(16).padStart(2, "0")}`;

/** Code points a terminal or a reader would take for a line break or a reordering. */
function invisibleControl(cp: number): boolean {
  return cp === 0x2028 || cp === 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c;
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0 if there is none. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0; // <= U+10FFFF
  return 0;
}

const UTF8 = new TextDecoder();
/**
 * The guest's bytes as one safe line. `truncated` says the guest's string went on past the
 * bytes given (they were read up to a limit): the line is marked so.
 */
export function guestText(bytes: Uint8Array, truncated = false): string {
  let cut = truncated;
  if (bytes.length > GUEST_TEXT_MAX_BYTES) {
    bytes = bytes.subarray(0, GUEST_TEXT_MAX_BYTES);
    cut = true;
  }
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i];
    const n = utf8Length(bytes, i);
    if (n === 0) {
      out += byteEscape(c);
      i += 1;
      continue;
    }
    if (n === 1) {
      if (NAMED[c] !== undefined) out += NAMED[c];
      else if (c < 0x20 || c === 0x7f) out += byteEscape(c);
      else out += String.fromCharCode(c);
    } else {
      const cp = UTF8.decode(bytes.subarray(i, i + n)).codePointAt(0)!;
      if (cp >= 0x80 && cp <= 0x9f) for (let k = 0; k < n; k++) out += byteEscape(bytes[i + k]);
      else if (invisibleControl(cp)) out += `\\u{${cp.toString(16)}}`;
      else out += String.fromCodePoint(cp);
    }
    i += n;
  }
  return cut ? out + TRUNCATED_MARK : out;
}
