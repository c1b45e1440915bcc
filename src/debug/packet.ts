// GDB Remote Serial Protocol framing: `$payload#xx` where xx is the modulo-256 sum of the
// payload bytes in two hex digits. Inside a payload `}` escapes the next byte (XOR 0x20),
// and in replies `c*n` repeats c (n - 29 more times). Between packets the peer sends `+`/`-`
// acknowledgements and a raw 0x03 byte for Ctrl-C.
//
// Payloads are handled as Latin-1 strings (one char per byte), so binary data (X, qXfer)
// survives untouched.

const ESCAPE = 0x7d; // '}'
const RLE = 0x2a; // '*'

export function checksum(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum = (sum + payload.charCodeAt(i)) & 0xff;
  return sum;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

/** Escape the bytes the framing reserves ($, #, }, *) as `}` + byte^0x20. */
export function escapeBinary(data: string): string {
  let out = "";
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    out += c === 0x23 || c === 0x24 || c === ESCAPE || c === RLE ? `}${String.fromCharCode(c ^ 0x20)}` : data[i];
  }
  return out;
}

export function unescapeBinary(data: string): string {
  let out = "";
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === ESCAPE && i + 1 < data.length) out += String.fromCharCode(data.charCodeAt(++i) ^ 0x20);
    else out += data[i];
  }
  return out;
}

/** Run-length encode a reply: a run of 4+ equal bytes becomes `c*` + count char (count - 1
 *  + 29 repeats after c). Counts that would produce '#' or '$' (6, 7) are shortened, as the
 *  protocol forbids those characters there. */
export function runLengthEncode(payload: string): string {
  let out = "";
  let i = 0;
  while (i < payload.length) {
    const ch = payload[i];
    let run = 1;
    while (i + run < payload.length && payload[i + run] === ch && run < 96) run++; // count chars stay below '}'
    if (run >= 4) {
      let extra = run - 1; // repeats after the first char
      if (extra + 29 === 0x23 || extra + 29 === 0x24) extra = 0x22 - 29; // avoid '#', '$'
      out += `${ch}*${String.fromCharCode(extra + 29)}`;
      i += extra + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

export function runLengthDecode(payload: string): string {
  let out = "";
  for (let i = 0; i < payload.length; i++) {
    if (payload.charCodeAt(i) === RLE && out.length > 0 && i + 1 < payload.length) {
      const n = payload.charCodeAt(++i) - 29;
      out += out[out.length - 1].repeat(n);
    } else out += payload[i];
  }
  return out;
}

/** A whole packet, ready to send. */
export function frame(payload: string, compress = false): string {
  const body = compress ? runLengthEncode(payload) : payload;
  return `$${body}#${hex2(checksum(body))}`;
}

export type WireEvent =
  | { kind: "packet"; payload: string }
  /** A packet whose checksum did not match (answer `-`). */
  | { kind: "bad-packet" }
  | { kind: "ack" }
  | { kind: "nack" }
  | { kind: "interrupt" };

/** Splits the byte stream from gdb into events; feed it whatever arrives, in any pieces. */
export class PacketReader {
  private buf = "";

  push(chunk: string): WireEvent[] {
    this.buf += chunk;
    const events: WireEvent[] = [];
    for (;;) {
      if (this.buf.length === 0) break;
      const c = this.buf[0];
      if (c === "+" || c === "-" || c === "\x03") {
        events.push({ kind: c === "+" ? "ack" : c === "-" ? "nack" : "interrupt" });
        this.buf = this.buf.slice(1);
        continue;
      }
      if (c !== "$") {
        this.buf = this.buf.slice(1); // line noise between packets
        continue;
      }
      const hash = this.findHash();
      if (hash < 0 || hash + 2 >= this.buf.length) break; // wait for the rest
      const body = this.buf.slice(1, hash);
      const sum = parseInt(this.buf.slice(hash + 1, hash + 3), 16);
      this.buf = this.buf.slice(hash + 3);
      if (sum !== checksum(body)) events.push({ kind: "bad-packet" });
      else events.push({ kind: "packet", payload: runLengthDecode(body) });
    }
    return events;
  }

  /** The '#' ending the packet at buf[0], skipping escaped bytes. */
  private findHash(): number {
    for (let i = 1; i < this.buf.length; i++) {
      const c = this.buf.charCodeAt(i);
      if (c === ESCAPE) i++;
      else if (c === 0x23) return i;
    }
    return -1;
  }
}

/** Bytes as the protocol's lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += hex2(b);
  return s;
}

export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new RangeError(`not hex: ${s.slice(0, 40)}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A little-endian register value of `bytes` bytes as hex. */
export function leHex(value: bigint, bytes: number): string {
  let s = "";
  for (let i = 0; i < bytes; i++) s += hex2(Number((value >> BigInt(8 * i)) & 0xffn));
  return s;
}

export function fromLeHex(s: string): bigint {
  const b = fromHex(s);
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** Text (monitor output) as hex. */
export function textToHex(text: string): string {
  return toHex(new TextEncoder().encode(text));
}
