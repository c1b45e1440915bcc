// The native Unicorn 2 library (Debian libunicorn2, libunicorn.so.2) bound through koffi.
// Both are optional: loadUnicorn() says in one line why the backend cannot be used.
import { createRequire } from "node:module";

/** Constants of unicorn.h / arm64.h, Unicorn 2.0.1. */
export const UC = {
  ARCH_ARM64: 2,
  MODE_ARM: 0,
  CPU_ARM64_A57: 0,
  CTL_CPU_MODEL: 7,
  CTL_TB_REMOVE_CACHE: 9,
  CTL_TB_FLUSH: 10,
  CTL_IO_WRITE: 1,
  HOOK_INTR: 1 << 0,
  HOOK_INSN: 1 << 1,
  HOOK_BLOCK: 1 << 3,
  HOOK_MEM_READ_UNMAPPED: 1 << 4,
  HOOK_MEM_WRITE_UNMAPPED: 1 << 5,
  HOOK_MEM_FETCH_UNMAPPED: 1 << 6,
  MEM_WRITE_UNMAPPED: 20,
  MEM_FETCH_UNMAPPED: 21,
  PROT_READ: 1,
  PROT_WRITE: 2,
  PROT_EXEC: 4,
  INS_MRS: 1,
  INS_MSR: 2,
  INS_SYS: 3,
  ERR_OK: 0,
} as const;

/** Register ids (uc_arm64_reg). X0..X28 are contiguous, X29/X30 are not. */
export const REG = {
  X29: 1,
  X30: 2,
  NZCV: 3,
  SP: 4,
  Q0: 104,
  X0: 199,
  PC: 260,
  PSTATE: 265,
  SP_EL0: 270,
  SP_EL1: 271,
  CP_REG: 290,
  FPCR: 291,
  FPSR: 292,
} as const;

export function xRegId(n: number): number {
  return n === 29 ? REG.X29 : n === 30 ? REG.X30 : REG.X0 + n;
}

/** The inverse of xRegId for the register a hooked MRS/MSR names (-1: not an X register). */
export function xRegIndex(id: number): number {
  if (id === REG.X29) return 29;
  if (id === REG.X30) return 30;
  if (id >= REG.X0 && id <= REG.X0 + 28) return id - REG.X0;
  return -1;
}

/** What koffi gives us: the library's functions and the callback types. */
export interface UnicornLib {
  // biome-ignore lint/suspicious/noExplicitAny: koffi, an optional native module, ships no types for what it loads
  koffi: any;
  version: string;
  open(arch: number, mode: number, out: unknown[]): number;
  close(uc: unknown): number;
  strerror(err: number): string;
  ctl(uc: unknown, control: number, ...args: unknown[]): number;
  emuStart(uc: unknown, begin: bigint, until: bigint, timeout: bigint, count: bigint): number;
  emuStop(uc: unknown): number;
  regRead(uc: unknown, reg: number, value: Uint8Array): number;
  regWrite(uc: unknown, reg: number, value: Uint8Array): number;
  memMapPtr(uc: unknown, address: bigint, size: bigint, perms: number, ptr: Uint8Array): number;
  memUnmap(uc: unknown, address: bigint, size: bigint): number;
  mmioMap(uc: unknown, address: bigint, size: bigint, read: unknown, ur: unknown, write: unknown, uw: unknown): number;
  hookAdd(uc: unknown, out: unknown[], type: number, cb: unknown, user: unknown, begin: bigint, end: bigint, ...extra: unknown[]): number;
  hookDel(uc: unknown, hh: unknown): number;
  /** Callback pointer types, for koffi.register. */
  types: { block: unknown; intr: unknown; unmapped: unknown; mmioRead: unknown; mmioWrite: unknown; insnSys: unknown };
}

const cache = new Map<string, UnicornLib | string>();

/** The library to load: AVISOR_UNICORN_LIB names another build (a path or a soname). */
export function unicornLibraryName(): string {
  return process.env.AVISOR_UNICORN_LIB || "libunicorn.so.2";
}

export const INSTALL_HINT = "install it with `apt-get install libunicorn2` (Debian/Ubuntu) and run `npm install` so the optional koffi package is present";

/** The bound library, or a one-line reason it is unavailable. */
export function loadUnicorn(name = unicornLibraryName()): UnicornLib | string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let result: UnicornLib | string;
  try {
    result = bind(name);
  } catch (e) {
    result = `${name} is not a usable Unicorn 2 library (${(e as Error).message.split("\n")[0]}); ${INSTALL_HINT}`;
  }
  cache.set(name, result);
  return result;
}

function bind(name: string): UnicornLib | string {
  // biome-ignore lint/suspicious/noExplicitAny: koffi, an optional native module, ships no types for what it loads
  let koffi: any;
  try {
    koffi = createRequire(import.meta.url)("koffi");
  } catch {
    return `the Unicorn backend needs the optional npm package koffi, which is not installed; ${INSTALL_HINT}`;
  }
  // biome-ignore lint/suspicious/noExplicitAny: koffi, an optional native module, ships no types for what it loads
  let lib: any;
  try {
    lib = koffi.load(name);
  } catch {
    return `the Unicorn backend needs ${name} (Unicorn 2), which could not be loaded; ${INSTALL_HINT}`;
  }
  const ucVersion = lib.func("unsigned int uc_version(unsigned int *major, unsigned int *minor)");
  const v = ucVersion(null, null) as number;
  if (v >>> 24 !== 2) return `${name} reports version ${v >>> 24}.x; the Unicorn backend needs Unicorn 2`;
  koffi.opaque("uc_engine");
  const types = {
    block: koffi.pointer(koffi.proto("void UcHookBlock(uc_engine *uc, uint64_t address, uint32_t size, void *user)")),
    intr: koffi.pointer(koffi.proto("void UcHookIntr(uc_engine *uc, uint32_t intno, void *user)")),
    unmapped: koffi.pointer(koffi.proto("bool UcHookUnmapped(uc_engine *uc, int type, uint64_t address, int size, int64_t value, void *user)")),
    mmioRead: koffi.pointer(koffi.proto("uint64_t UcMmioRead(uc_engine *uc, uint64_t offset, unsigned int size, void *user)")),
    mmioWrite: koffi.pointer(koffi.proto("void UcMmioWrite(uc_engine *uc, uint64_t offset, unsigned int size, uint64_t value, void *user)")),
    insnSys: koffi.pointer(koffi.proto("uint32_t UcHookSys(uc_engine *uc, int reg, void *cp_reg, void *user)")),
  };
  return {
    koffi,
    version: `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}`,
    open: lib.func("int uc_open(int arch, int mode, _Out_ uc_engine **uc)"),
    close: lib.func("int uc_close(uc_engine *uc)"),
    strerror: lib.func("const char *uc_strerror(int code)"),
    ctl: lib.func("int uc_ctl(uc_engine *uc, int control, ...)"),
    emuStart: lib.func("int uc_emu_start(uc_engine *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)"),
    emuStop: lib.func("int uc_emu_stop(uc_engine *uc)"),
    regRead: lib.func("int uc_reg_read(uc_engine *uc, int regid, _Out_ void *value)"),
    regWrite: lib.func("int uc_reg_write(uc_engine *uc, int regid, const void *value)"),
    memMapPtr: lib.func("int uc_mem_map_ptr(uc_engine *uc, uint64_t address, size_t size, uint32_t perms, void *ptr)"),
    memUnmap: lib.func("int uc_mem_unmap(uc_engine *uc, uint64_t address, size_t size)"),
    mmioMap: lib.func(
      "int uc_mmio_map(uc_engine *uc, uint64_t address, size_t size, void *read_cb, void *user_data_read, void *write_cb, void *user_data_write)",
    ),
    hookAdd: lib.func("int uc_hook_add(uc_engine *uc, _Out_ size_t *hh, int type, void *callback, void *user_data, uint64_t begin, uint64_t end, ...)"),
    hookDel: lib.func("int uc_hook_del(uc_engine *uc, size_t hh)"),
    types,
  };
}
