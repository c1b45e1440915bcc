// A guest access a device does not implement: an offset with no register, a size the
// register does not take, a write to a read-only register. The access still completes as
// QEMU's does (reads as zero, the write is ignored); the device only says so, as QEMU does
// under `-d guest_errors` (LOG_GUEST_ERROR). Devices know no VMs: whoever wires the board
// sets the reporter and knows who was accessing.

export type GuestErrorKind = "unknown register" | "unsupported size" | "read-only register" | "write-only register";

export type GuestErrorReporter = (offset: number, size: number, write: boolean, kind: GuestErrorKind) => void;

export const IGNORE_GUEST_ERRORS: GuestErrorReporter = () => {};

/** A device that reports guest errors (each holds its reporter, by default IGNORE_GUEST_ERRORS). */
export interface ReportsGuestErrors {
  guestError: GuestErrorReporter;
}

export function reportsGuestErrors(d: object): d is ReportsGuestErrors {
  return typeof (d as Partial<ReportsGuestErrors>).guestError === "function";
}

/** The message's words for one error: `read of unknown register at offset 0x50`. */
export function describeGuestError(offset: number, write: boolean, kind: GuestErrorKind): string {
  return `${write ? "write" : "read"} of ${kind} at offset 0x${offset.toString(16)}`;
}
