// A small direct-mapped cache of successful stage-2 walks: IPA page → PA page, the S2AP/XN
// permissions and the level of the leaf. A stage-1 walk translates every descriptor it fetches
// through stage 2, so a TLB miss costs up to five stage-2 walks; the stage-1 tables of a guest
// sit in a handful of pages, and this cache turns those repeated walks into one array probe.
// Entries are valid only for the VTTBR_EL2 base and VTCR_EL2 they were filled under (checked on
// every lookup, so a register write needs no hook); the MMU clears it whenever stage-2 tables
// may have changed (its flushAll/flushVmid/flushIpaRange). Faults are never cached.

const SLOTS = 256; // a power of two: the slot is the IPA page's low bits

export class Stage2WalkCache {
  /** IPA page number (IPA / 4096) held by each slot; -1: empty. */
  private readonly tags = new Float64Array(SLOTS).fill(-1);
  private readonly paPages = new Float64Array(SLOTS);
  private readonly permBits = new Uint8Array(SLOTS);
  private readonly levels = new Uint8Array(SLOTS);
  /** The translation context of the entries: VTTBR_EL2 base (halves) and VTCR_EL2. */
  private baseLo = -1;
  private baseHi = -1;
  private vtcr = -1;

  /** Results of the last successful lookup. */
  paPage = 0;
  perms = 0;
  level = 0;

  /** Fills paPage/perms/level and returns true when `ipaPage` is cached for this context. */
  lookup(baseLo: number, baseHi: number, vtcr: number, ipaPage: number): boolean {
    if (baseLo !== this.baseLo || baseHi !== this.baseHi || vtcr !== this.vtcr) {
      // Another VM's tables or another layout: nothing held applies.
      this.clear();
      this.baseLo = baseLo;
      this.baseHi = baseHi;
      this.vtcr = vtcr;
      return false;
    }
    const s = ipaPage & (SLOTS - 1);
    if (this.tags[s] !== ipaPage) return false;
    this.paPage = this.paPages[s];
    this.perms = this.permBits[s];
    this.level = this.levels[s];
    return true;
  }

  /** Remember a successful walk made under the context of the last lookup. */
  fill(ipaPage: number, paPage: number, perms: number, level: number): void {
    const s = ipaPage & (SLOTS - 1);
    this.tags[s] = ipaPage;
    this.paPages[s] = paPage;
    this.permBits[s] = perms;
    this.levels[s] = level;
  }

  clear(): void {
    this.tags.fill(-1);
  }

  /** Pages held (tests, statistics). */
  size(): number {
    let n = 0;
    for (let i = 0; i < SLOTS; i++) if (this.tags[i] >= 0) n++;
    return n;
  }
}
