// The fast device path without the exception: a load or store whose stage-2 translation
// faults with a valid syndrome is handed to the hypervisor's completer (the same function, and
// so the same emulation, the run loop uses after the data-abort exit) right where it faults,
// and the instruction goes on as if memory had answered. What the exit path would add is only
// the unwinding and the EL2 syndrome registers, which nothing reads for an access the
// hypervisor completes itself. The completer sees the core as it would after the exit: the
// count includes the instruction, the PC is the instruction's; afterwards the span's own count
// and PC are put back. When the access left an interrupt line raised or a stop requested, the
// instruction ends the span (EXCEPTION_TAKEN, with the PC after it, as the completer left it),
// so the run loop checks everything before the next one, as after the exit.
import { EC, esrOf, hpfarFromIpa, ISS_ISV, wnr } from "../arch/syndrome.ts";
import type { TsCpu } from "./cpu.ts";
import { EXCEPTION_TAKEN } from "./exception-taken.ts";
import { getPstate } from "./pstate.ts";
import { SyncExitRecord } from "./vm-exit.ts";

/** Complete the faulting access at (hi, lo) in the hypervisor if it takes it; false leaves the
 *  fault to be raised as before. A completed load leaves its destination register written. */
export function completeDeviceAccess(c: TsCpu, hi: number, lo: number, iss: number, write: boolean): boolean {
  const f = c.mmu.fault;
  // Not with a debugger (it counts exits) nor a host clock (the exit path re-reads it).
  if (c.dataAbortCompleter === null || c.traps !== null || c.clock !== null || f.stage !== 2 || f.s1ptw || (iss & ISS_ISV) === 0) return false;
  const icount = c.icount;
  const block = c.blockPcLo;
  const pcLo = c.pcLo;
  const pcHi = c.pcHi;
  // The state run() returns in after the exit: this instruction counted, PC at it.
  c.icount = icount + ((pcLo - block) >>> 2) + 1;
  c.blockPcLo = pcLo;
  const exit = new SyncExitRecord(esrOf(EC.DABT_LOWER, iss | wnr(write) | f.fsc), hi >>> 0, lo >>> 0, hpfarFromIpa(f.ipa), pcHi, pcLo, getPstate(c));
  let done = false;
  try {
    done = c.dataAbortCompleter(exit);
  } finally {
    c.icount = icount;
    c.blockPcLo = block;
    if (!done) {
      c.pcLo = pcLo;
      c.pcHi = pcHi;
    }
  }
  if (!done) return false;
  if (c.irqLine || c.fiqLine || c.stopRequested) throw EXCEPTION_TAKEN; // PC: the next instruction
  c.pcLo = pcLo;
  c.pcHi = pcHi;
  return true;
}
