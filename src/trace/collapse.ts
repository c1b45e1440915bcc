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

/** The index of the one word `a` and `b` differ in when it may vary; else -1. */
function singleAddressDifference(a: string[], b: string[]): number {
  if (a.length !== b.length) return -1;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at !== -1 || !mayVary(a[i], b[i])) return -1;
    at = i;
  }
  return at;
}

export class RepeatCollapser {
  /** The run's first line, its words, and how often it repeated. */
  private held: string | null = null;
  private heldWords: string[] = [];
  private repeats = 0;
  /** Fold run: the varying word's index, its last value, and how many lines the run has. */
  private foldAt = -1;
  private foldLast = "";
  private foldLines = 0;
  private lastWords: string[] = [];

  constructor(private readonly out: (line: string) => void) {}

  push(line: string): void {
    if (this.held === null) return this.hold(line);
    if (this.foldAt === -1 && line === this.held) {
      this.repeats++;
      return;
    }
    if (this.repeats === 0) {
      const words = line.split(" ");
      const at = singleAddressDifference(this.lastWords, words);
      if (at !== -1 && (this.foldAt === -1 || this.foldAt === at)) {
        if (this.foldAt === -1) this.foldLines = 1;
        this.foldAt = at;
        this.foldLast = words[at];
        this.foldLines++;
        this.lastWords = words;
        return;
      }
    }
    this.flush();
    this.hold(line);
  }

  private hold(line: string): void {
    this.out(line);
    this.held = line;
    this.heldWords = line.split(" ");
    this.lastWords = this.heldWords;
    this.repeats = 0;
    this.foldAt = -1;
  }

  /** Sum up the run in progress (at its end, and when the trace ends). */
  flush(): void {
    if (this.held === null) return;
    if (this.foldAt !== -1) {
      const words = this.heldWords.slice();
      words[this.foldAt] = `${words[this.foldAt]}..${this.foldLast}`;
      this.out(`${words.join(" ")} (${this.foldLines} lines, differing only in that range)`);
    } else if (this.repeats > 0) this.out(`${this.held} (repeated ${this.repeats} more times)`);
    this.held = null;
  }
}
