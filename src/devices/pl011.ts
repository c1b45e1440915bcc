// ARM PrimeCell UART (PL011, ARM DDI 0183): the console of QEMU virt at 0x09000000.
// The transmitter is always ready (bytes leave at once); received bytes wait in a FIFO.
import { IGNORE_GUEST_ERRORS, type GuestErrorReporter } from "./guest-error.ts";
import { NO_IRQ, type IrqLine } from "./irq-line.ts";
import type { MmioDevice } from "../mmu/bus.ts";
import { primeCellIdRead } from "./primecell-id.ts";

const REG = {
  DR: 0x000,
  RSR: 0x004,
  FR: 0x018,
  ILPR: 0x020,
  IBRD: 0x024,
  FBRD: 0x028,
  LCR_H: 0x02c,
  CR: 0x030,
  IFLS: 0x034,
  IMSC: 0x038,
  RIS: 0x03c,
  MIS: 0x040,
  ICR: 0x044,
  DMACR: 0x048,
} as const;

const FR_RXFE = 1 << 4;
const FR_RXFF = 1 << 6;
const FR_TXFE = 1 << 7;
const INT_RX = 1 << 4;
const INT_TX = 1 << 5;
const INT_RT = 1 << 6;
const LCR_FEN = 1 << 4;
/** The PL011's PeriphID bytes (part 0x011, designer ARM, revision r1p5). */
const PERIPH_ID = [0x11, 0x10, 0x14, 0x00];

export class Pl011 implements MmioDevice {
  private rx: number[] = [];
  private ibrd = 0;
  private fbrd = 0;
  private lcr = 0;
  private cr = 0x300; // TXE | RXE out of reset
  private ifls = 0x12;
  private imsc = 0;
  private ris = INT_TX; // the transmit FIFO is empty: TX interrupt raw status is set
  private ilpr = 0;
  private dmacr = 0;

  constructor(
    private readonly tx: (byte: number) => void,
    private readonly irq: IrqLine = NO_IRQ,
  ) {}

  private get fifoDepth(): number {
    return this.lcr & LCR_FEN ? 32 : 1;
  }

  /** Bytes typed by the user: queued for the guest, dropped when the FIFO is full. */
  pushInput(bytes: Uint8Array): void {
    for (const b of bytes) if (this.rx.length < this.fifoDepth) this.rx.push(b);
    if (this.rx.length > 0) this.ris |= INT_RX | INT_RT;
    this.update();
  }

  private update(): void {
    this.irq.set((this.ris & this.imsc) !== 0);
  }

  /** Accesses no register answers (QEMU: "pl011_read: Bad offset"); set by the board. */
  guestError: GuestErrorReporter = IGNORE_GUEST_ERRORS;

  read(offset: number, size = 4): number {
    const id = primeCellIdRead(offset, PERIPH_ID);
    if (id !== null) return id;
    switch (offset) {
      case REG.DR: {
        const b = this.rx.shift();
        if (this.rx.length === 0) this.ris &= ~(INT_RX | INT_RT);
        this.update();
        return b ?? 0;
      }
      case REG.RSR:
        return 0;
      case REG.FR:
        return (this.rx.length === 0 ? FR_RXFE : 0) | (this.rx.length >= this.fifoDepth ? FR_RXFF : 0) | FR_TXFE;
      case REG.ILPR:
        return this.ilpr;
      case REG.IBRD:
        return this.ibrd;
      case REG.FBRD:
        return this.fbrd;
      case REG.LCR_H:
        return this.lcr;
      case REG.CR:
        return this.cr;
      case REG.IFLS:
        return this.ifls;
      case REG.IMSC:
        return this.imsc;
      case REG.RIS:
        return this.ris;
      case REG.MIS:
        return this.ris & this.imsc;
      case REG.DMACR:
        return this.dmacr;
      case REG.ICR:
        this.guestError(offset, size, false, "write-only register");
        return 0;
      default:
        this.guestError(offset, size, false, "unknown register");
        return 0;
    }
  }

  write(offset: number, size: number, value: number): void {
    switch (offset) {
      case REG.DR:
        this.tx(value & 0xff);
        this.ris |= INT_TX; // sent at once: the FIFO is empty again
        this.update();
        return;
      case REG.RSR: // ECR: clears the error flags (none are ever raised here)
        return;
      case REG.ILPR:
        this.ilpr = value & 0xff;
        return;
      case REG.IBRD:
        this.ibrd = value & 0xffff;
        return;
      case REG.FBRD:
        this.fbrd = value & 0x3f;
        return;
      case REG.LCR_H:
        this.lcr = value & 0xff;
        return;
      case REG.CR:
        this.cr = value & 0xffff;
        return;
      case REG.IFLS:
        this.ifls = value & 0x3f;
        return;
      case REG.IMSC:
        this.imsc = value & 0x7ff;
        this.update();
        return;
      case REG.ICR:
        this.ris &= ~value;
        this.update();
        return;
      case REG.DMACR:
        this.dmacr = value & 7;
        return;
      case REG.FR:
      case REG.RIS:
      case REG.MIS:
        this.guestError(offset, size, true, "read-only register");
        return;
      default:
        this.guestError(offset, size, true, primeCellIdRead(offset, PERIPH_ID) === null ? "unknown register" : "read-only register");
    }
  }
}
