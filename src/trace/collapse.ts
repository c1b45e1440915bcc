// Keeps long traces short. The first line of a run is written at once (a trace followed live
// shows where the guest is); when the run ends, one more line sums it up:
// - identical consecutive lines: the line again with "(repeated N more times)";
// - lines that differ from one to the next only in one address-like word at the same place
//   (a hex address, a PCIe bus:dev.fn, a register array's index), as a bus probe's 8,192
//   accesses do: the first line with that word as "first..last" and "(N lines, differing
//   only in that range)".

/** Words a run may vary in: 0x… values, PCI bus:dev.fn, and indexed register names
 *  (GICD_IPRIORITYR8, GICD_IPRIORITYR9, …: same name, another index). */
const ADDRESS_WORD = /^(0x[0-9a-f]+|[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])$/;
const INDEXED_NAME = /^([A-Za-z_]+)[0-9]+$/;

function mayVary(a: string, b: string): boolean {
  if (ADDRESS_WORD.test(a) && ADDRESS_WORD.test(b)) return true;
  const x = INDEXED_NAME.exec(a);
  const y = INDEXED_NAME.exec(b);
  return x !== null && y !== null && x[1] === y[1];
}

/** Where `a` and `b` differ when they differ in one word only, at the same place: the
 *  word's start and its end in each; null when identical or different elsewhere too. Works
 *  on characters, so a trace line costs no split into words. */
function oneWordDifference(a: string, b: string): { start: number; endA: number; endB: number } | null {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n && a.length === b.length) return null;
  let ka = a.length - 1;
  let kb = b.length - 1;
  while (ka >= i && kb >= i && a.charCodeAt(ka) === b.charCodeAt(kb)) {
    ka--;
    kb--;
  }
  // The differing spans a[i..ka] and b[i..kb] must lie inside one word of each.
  if (a.slice(i, ka + 1).includes(" ") || b.slice(i, kb + 1).includes(" ")) return null;
  const start = a.lastIndexOf(" ", i - 1) + 1;
  const endA = a.indexOf(" ", i);
  const endB = b.indexOf(" ", i);
  return { start, endA: endA === -1 ? a.length : endA, endB: endB === -1 ? b.length : endB };
}

export class RepeatCollapser {
  /** The run's first line, the last line seen, and how often the first repeated. */
  private held: string | null = null;
  private last = "";
  private repeats = 0;
  /** Fold run: where the varying word starts (-1: no fold), its end in the first line, its
   *  last value, and how many lines the run has. */
  private foldAt = -1;
  private foldEnd = 0;
  private foldLast = "";
  private foldLines = 0;

  constructor(private readonly out: (line: string) => void) {}

  push(line: string): void {
    if (this.held === null) return this.hold(line);
    if (this.foldAt === -1 && line === this.held) {
      this.repeats++;
      return;
    }
    if (this.repeats === 0) {
      const d = oneWordDifference(this.last, line);
      if (d !== null && (this.foldAt === -1 || this.foldAt === d.start)) {
        const before = this.last.slice(d.start, d.endA);
        const after = line.slice(d.start, d.endB);
        if (mayVary(before, after)) {
          if (this.foldAt === -1) {
            this.foldLines = 1;
            this.foldEnd = d.endA;
          }
          this.foldAt = d.start;
          this.foldLast = after;
          this.foldLines++;
          this.last = line;
          return;
        }
      }
    }
    this.flush();
    this.hold(line);
  }

  private hold(line: string): void {
    this.out(line);
    this.held = line;
    this.last = line;
    this.repeats = 0;
    this.foldAt = -1;
  }

  /** Sum up the run in progress (at its end, and when the trace ends). */
  flush(): void {
    const h = this.held;
    if (h === null) return;
    if (this.foldAt !== -1) {
      const first = h.slice(this.foldAt, this.foldEnd);
      this.out(`${h.slice(0, this.foldAt)}${first}..${this.foldLast}${h.slice(this.foldEnd)} (${this.foldLines} lines, differing only in that range)`);
    } else if (this.repeats > 0) this.out(`${h} (repeated ${this.repeats} more times)`);
    this.held = null;
  }
}
