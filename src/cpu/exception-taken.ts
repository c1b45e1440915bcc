// The marker an Op throws once the core has redirected itself (exception taken to EL1, or a
// VM exit recorded in `exit`). Its own module so that the run loop and the block compiler
// (src/cpu/jit) share it without importing each other's values.

/** Thrown by an Op after the core has redirected itself. run() catches it; it never escapes. */
export const EXCEPTION_TAKEN: unique symbol = Symbol("exception taken");
