// Typed errors that reach the CLI as one line, each with its exit code (DESIGN §4).

/** Bad input: usage, image, DTB or configuration. Exit code 2. */
export class InputError extends Error {
  readonly exitCode = 2;
}

/** A configuration that cannot describe a VM. */
export class ConfigError extends InputError {
  override name = "ConfigError";
}

/** The guest did something it cannot survive: an access outside its memory and every
 *  device, an unhandled abort, an illegal state. Exit code 1. */
export class GuestFault extends Error {
  override name = "GuestFault";
  readonly exitCode = 1;
}

/** The hypervisor ran out of a resource (physical pages, VMIDs). Exit code 1. */
export class ResourceError extends Error {
  override name = "ResourceError";
  readonly exitCode = 1;
}
