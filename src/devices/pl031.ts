// ARM PrimeCell RTC (PL031, ARM DDI 0224) at 0x09010000: a seconds counter that the guest
// can set, with a match interrupt. Time comes from an injected clock (virtual time).
import { NO_IRQ, type IrqLine } from "./irq-line.ts";
import type { MmioDevice } from "../mmu/bus.ts";
import { primeCellIdRead } from "./primecell-id.ts";
import { IGNORE_GUEST_ERRORS, type GuestErrorReporter } from "./guest-error.ts";

const PERIPH_ID = [0x31, 0x10, 0x04, 0x00];

export class Pl031 implements MmioDevice {
  /** DR = seconds() + offset; writing LR moves the offset. */
  private offset = 0;
  private mr = 0;
  private imsc = 0;
  private ris = 0;
  /** The counter value at the last poll: the match fires when the counter moves onto MR. */
  private lastSeen = -1;

  constructor(
    private readonly seconds: () => number,
    private readonly irq: IrqLine = NO_IRQ,
  ) {}

  private now(): number {
    return (Math.floor(this.seconds()) + this.offset) >>> 0;
  }

  /** Raise the match interrupt if the counter has reached MR (call after time moves). */
  poll(): void {
    const now = this.now();
    if (now !== this.lastSeen && now === this.mr) this.ris = 1;
    this.lastSeen = now;
    this.irq.set((this.ris & this.imsc) !== 0);
  }

  /** Accesses no register answers (QEMU: "pl031_read: Bad offset"); set by the board. */
  guestError: GuestErrorReporter = IGNORE_GUEST_ERRORS;

  read(offset: number, size = 4): number {
    const id = primeCellIdRead(offset, PERIPH_ID);
    if (id !== null) return id;
    switch (offset) {
      case 0x00: // DR
        return this.now();
      case 0x04: // MR
        return this.mr;
      case 0x08: // LR
        return this.now();
      case 0x0c: // CR: the counter always runs
        return 1;
      case 0x10:
        return this.imsc;
      case 0x14:
        return this.ris;
      case 0x18:
        return this.ris & this.imsc;
      case 0x1c: // ICR
        this.guestError(offset, size, false, "write-only register");
        return 0;
      default:
        this.guestError(offset, size, false, "unknown register");
        return 0;
    }
  }

  write(offset: number, size: number, value: number): void {
    switch (offset) {
      case 0x04:
        this.mr = value >>> 0;
        break;
      case 0x08:
        this.offset = (value >>> 0) - Math.floor(this.seconds());
        break;
      case 0x10:
        this.imsc = value & 1;
        break;
      case 0x1c: // ICR
        if (value & 1) this.ris = 0;
        break;
      case 0x0c: // CR: the written value is ignored (as QEMU): the counter always runs
        break;
      case 0x00: // DR
      case 0x14: // RIS
      case 0x18: // MIS
        this.guestError(offset, size, true, "read-only register");
        break;
      default:
        this.guestError(offset, size, true, primeCellIdRead(offset, PERIPH_ID) === null ? "unknown register" : "read-only register");
    }
    this.poll();
  }
}
