// An interrupt output of a device (level-sensitive). Whoever wires the board decides
// where it goes; the device only raises and lowers it.
export interface IrqLine {
  set(level: boolean): void;
}

export const NO_IRQ: IrqLine = { set() {} };

/** An IrqLine whose level is read back (tests, and the board's routing). */
export class IrqLevel implements IrqLine {
  level = false;
  private sinks: ((level: boolean) => void)[] = [];
  /** Route this line somewhere (the board does this when it wires a VM). */
  connect(sink: (level: boolean) => void): void {
    this.sinks.push(sink);
    sink(this.level);
  }
  set(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    for (const s of this.sinks) s(level);
  }
}
