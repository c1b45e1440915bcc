// Any error reaches the user as one line with the exit code DESIGN §4 gives its kind.
import { GuestFault, InputError, ResourceError } from "../hyp/errors.ts";

/** Errors raised for bad input by modules that predate the hypervisor's classes (loader,
 *  DTB parser) are recognised by name so the CLI needs no list of every module's errors. */
const INPUT_ERROR_NAMES = new Set(["ImageError", "DtbError", "ConfigError", "InputError"]);

export function errorExitCode(e: unknown): number {
  if (e instanceof InputError) return 2;
  if (e instanceof Error && INPUT_ERROR_NAMES.has(e.name)) return 2;
  if (e instanceof GuestFault || e instanceof ResourceError) return 1;
  return 1;
}

export function oneLine(e: unknown): string {
  if (e instanceof Error) {
    const known = e instanceof InputError || e instanceof GuestFault || e instanceof ResourceError || INPUT_ERROR_NAMES.has(e.name);
    const msg = e.message.split("\n")[0];
    // An unexpected exception is a bug of ours: say so, still on one line.
    return known ? msg : `internal error: ${e.name}: ${msg} (please report this)`;
  }
  return `internal error: ${String(e)}`;
}
