// Avisor's `struct config` as a typed object: the single source of each VM's shape. It comes
// from CLI flags or from a JSON file with Avisor's field names (addresses as "0x…" strings).
import { PAGE_SIZE } from "../mmu/physical-memory.ts";
import { entryAlignmentProblem } from "../loader/entry-alignment.ts";
import { ConfigError } from "./errors.ts";
import { baseProblem, deviceVaProblem, dmemSizeProblem, dtbBaseProblem, sizeText } from "./guest-layout.ts";
import { hex } from "./log.ts";

/** A device region of a VM (Avisor's vm_dev_region): guest accesses at `va` are forwarded
 *  to the platform device at `pa`; `interrupts` are routed to this VM. */
export interface DeviceRegion {
  id: number;
  pa: number | null;
  va: number | null;
  size: number;
  interrupts: number[];
}

export interface VmConfig {
  /** Path of the image (ELF or flat binary). */
  image: string;
  baseAddr: number;
  /** null: the ELF's e_entry, or baseAddr for a flat binary. */
  entry: number | null;
  dmemSize: number;
  nrCpus: number;
  devices: DeviceRegion[];
}

export interface DtbConfig {
  /** Path of a DTB file; null: generate one from the platform and the VM. */
  image: string | null;
  baseAddr: number;
}

export interface Config {
  hyp: { nrCpus: number };
  vms: VmConfig[];
  dtb: DtbConfig;
  gicVersion: 2 | 3;
  /** The user chose gicVersion (--gic, or "gic" in the config): a DTB that says otherwise
   *  is then an error; else the machine follows what a given DTB says. */
  gicChosen?: boolean;
}

/** Avisor's defaults (its config.c): DTB at 0x40000000, image at 0x40100000, 128 MiB. */
export const DEFAULT_BASE_ADDR = 0x4010_0000;
export const DEFAULT_DTB_ADDR = 0x4000_0000;
export const DEFAULT_DMEM_SIZE = 0x800_0000;
export const MAX_VCPUS = 8;
/** Guest RAM must sit in the `virt` RAM window (below it are the devices). */
export const RAM_WINDOW = { base: 0x4000_0000, end: 0x40_1000_0000 }; // up to the PCIe ECAM

export function defaultConfig(image: string): Config {
  return {
    hyp: { nrCpus: 1 },
    vms: [{ image, baseAddr: DEFAULT_BASE_ADDR, entry: null, dmemSize: DEFAULT_DMEM_SIZE, nrCpus: 1, devices: [] }],
    dtb: { image: null, baseAddr: DEFAULT_DTB_ADDR },
    gicVersion: 2,
  };
}

// ---- parsing ----------------------------------------------------------------------------

/** Parse "0x…" / decimal strings or numbers as a non-negative integer address or size. */
export function parseNumber(v: unknown, what: string): number {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && /^(0x[0-9a-f_]+|[0-9_]+)$/i.test(v.trim())) n = Number(v.trim().replace(/_/g, ""));
  else throw new ConfigError(`${what}: expected a number or "0x…" string, got ${JSON.stringify(v)}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(`${what}: ${JSON.stringify(v)} is not a valid address or size`);
  return n;
}

/** Sizes as on the command line: 128M, 0x8000000, 1G, 4096. */
export function parseSize(v: string, what: string): number {
  const m = /^(\d+)([KMG])i?B?$/i.exec(v.trim());
  if (m) return Number(m[1]) * 1024 ** ("KMG".indexOf(m[2].toUpperCase()) + 1);
  return parseNumber(v, what);
}

type Obj = Record<string, unknown>;

/** A path from the config made absolute against the config's folder (POSIX, `.` and `..`
 *  folded): the same answer as node:path's resolve, without Node (DESIGN §1). */
export function joinPath(baseDir: string, p: string): string {
  const parts: string[] = [];
  for (const seg of (p.startsWith("/") ? p : `${baseDir}/${p}`).split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join("/")}`;
}

function obj(v: unknown, what: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ConfigError(`${what}: expected an object`);
  return v as Obj;
}

function onlyKeys(o: Obj, allowed: string[], what: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ConfigError(`${what}: unknown field "${k}" (expected one of ${allowed.join(", ")})`);
  }
}

function int(v: unknown, what: string, min: number, max: number): number {
  const n = parseNumber(v, what);
  if (n < min || n > max) throw new ConfigError(`${what}: ${n} is outside ${min}..${max}`);
  return n;
}

function parseDevice(v: unknown, what: string): DeviceRegion {
  const o = obj(v, what);
  onlyKeys(o, ["id", "pa", "va", "size", "interrupt_num", "interrupts"], what);
  const interrupts = o.interrupts === undefined ? [] : o.interrupts;
  if (!Array.isArray(interrupts)) throw new ConfigError(`${what}.interrupts: expected a list of interrupt ids`);
  const irqs = interrupts.map((x, i) => int(x, `${what}.interrupts[${i}]`, 0, 1019));
  if (o.interrupt_num !== undefined && parseNumber(o.interrupt_num, `${what}.interrupt_num`) !== irqs.length) {
    throw new ConfigError(`${what}: interrupt_num is ${String(o.interrupt_num)} but ${irqs.length} interrupts are listed`);
  }
  return {
    id: o.id === undefined ? 0 : parseNumber(o.id, `${what}.id`),
    pa: o.pa === undefined ? null : parseNumber(o.pa, `${what}.pa`),
    va: o.va === undefined ? null : parseNumber(o.va, `${what}.va`),
    size: o.size === undefined ? 0 : parseNumber(o.size, `${what}.size`),
    interrupts: irqs,
  };
}

function parseVm(v: unknown, i: number, baseDir: string): VmConfig {
  const what = `vm[${i}]`;
  const o = obj(v, what);
  onlyKeys(o, ["image", "base_addr", "entry", "dmem_size", "nr_cpus", "nr_devs", "devs", "devices"], what);
  if (typeof o.image !== "string" || o.image === "") throw new ConfigError(`${what}.image: expected the path of the guest image`);
  const devList = o.devs ?? o.devices ?? [];
  if (!Array.isArray(devList)) throw new ConfigError(`${what}.devs: expected a list`);
  if (o.nr_devs !== undefined && parseNumber(o.nr_devs, `${what}.nr_devs`) !== devList.length) {
    throw new ConfigError(`${what}: nr_devs is ${String(o.nr_devs)} but ${devList.length} devices are listed`);
  }
  return {
    image: joinPath(baseDir, o.image),
    baseAddr: o.base_addr === undefined ? DEFAULT_BASE_ADDR : parseNumber(o.base_addr, `${what}.base_addr`),
    entry: o.entry === undefined || o.entry === null ? null : parseNumber(o.entry, `${what}.entry`),
    dmemSize: o.dmem_size === undefined ? DEFAULT_DMEM_SIZE : parseNumber(o.dmem_size, `${what}.dmem_size`),
    nrCpus: o.nr_cpus === undefined ? 1 : int(o.nr_cpus, `${what}.nr_cpus`, 1, MAX_VCPUS),
    devices: devList.map((d, k) => parseDevice(d, `${what}.devs[${k}]`)),
  };
}

/** Build a Config from the parsed JSON of a --config file. Paths are relative to the file. */
export function parseConfig(json: unknown, baseDir: string): Config {
  const o = obj(json, "config");
  onlyKeys(o, ["hyp", "nr_vms", "vm", "vms", "dtb", "gic"], "config");
  const vmList = o.vm ?? o.vms;
  if (!Array.isArray(vmList) || vmList.length === 0) throw new ConfigError(`config.vm: expected a non-empty list of VMs`);
  if (o.nr_vms !== undefined && parseNumber(o.nr_vms, "config.nr_vms") !== vmList.length) {
    throw new ConfigError(`config: nr_vms is ${String(o.nr_vms)} but ${vmList.length} VMs are listed`);
  }
  const hyp = o.hyp === undefined ? {} : obj(o.hyp, "config.hyp");
  onlyKeys(hyp, ["nr_cpus"], "config.hyp");
  const dtb = o.dtb === undefined ? {} : obj(o.dtb, "config.dtb");
  onlyKeys(dtb, ["image", "base_addr"], "config.dtb");
  if (dtb.image !== undefined && dtb.image !== null && typeof dtb.image !== "string") {
    throw new ConfigError(`config.dtb.image: expected a path or null`);
  }
  const gic = o.gic === undefined ? 2 : parseNumber(o.gic, "config.gic");
  if (gic !== 2 && gic !== 3) throw new ConfigError(`config.gic: ${gic} is not a GIC version this platform has (2 or 3)`);
  const vms = vmList.map((v, i) => parseVm(v, i, baseDir));
  const config: Config = {
    hyp: { nrCpus: hyp.nr_cpus === undefined ? Math.max(...vms.map((v) => v.nrCpus)) : int(hyp.nr_cpus, "config.hyp.nr_cpus", 1, MAX_VCPUS) },
    vms,
    dtb: {
      image: typeof dtb.image === "string" ? joinPath(baseDir, dtb.image) : null,
      baseAddr: dtb.base_addr === undefined ? DEFAULT_DTB_ADDR : parseNumber(dtb.base_addr, "config.dtb.base_addr"),
    },
    gicVersion: gic,
    gicChosen: o.gic !== undefined,
  };
  validateConfig(config);
  return config;
}

// ---- validation -------------------------------------------------------------------------

function pageAligned(n: number, what: string): void {
  if (n % PAGE_SIZE !== 0) throw new ConfigError(`${what} ${hex(n)} is not aligned to a 4 KiB page`);
}

/** Checks what can be checked before the images are read (their sizes come later). */
export function validateConfig(c: Config): void {
  if (c.vms.length === 0) throw new ConfigError("config: no VM to run");
  const total = c.vms.reduce((s, v) => s + v.nrCpus, 0);
  if (total > MAX_VCPUS) throw new ConfigError(`config: ${total} vCPUs in all; at most ${MAX_VCPUS} are supported`);
  pageAligned(c.dtb.baseAddr, "dtb.base_addr");
  if (c.dtb.baseAddr < RAM_WINDOW.base) {
    throw new ConfigError(`dtb.base_addr ${hex(c.dtb.baseAddr)} is below RAM (${hex(RAM_WINDOW.base)}): it would overlap the devices`);
  }
  const dtbWhy = dtbBaseProblem(c.dtb.baseAddr);
  if (dtbWhy !== null) throw new ConfigError(`dtb.base_addr ${hex(c.dtb.baseAddr)} ${dtbWhy}`);
  c.vms.forEach((v, i) => {
    const what = `vm[${i}]`;
    pageAligned(v.baseAddr, `${what}.base_addr`);
    const baseWhy = baseProblem(v.baseAddr);
    if (baseWhy !== null) throw new ConfigError(`${what}.base_addr ${hex(v.baseAddr)} ${baseWhy}`);
    if (v.dmemSize === 0) throw new ConfigError(`${what}.dmem_size must not be zero`);
    pageAligned(v.dmemSize, `${what}.dmem_size`);
    const sizeWhy = dmemSizeProblem(v.dmemSize);
    if (sizeWhy !== null) throw new ConfigError(`${what}.dmem_size ${sizeText(v.dmemSize)}: ${sizeWhy}`);
    // Where RAM ends (split around the shared window, beside the PCIe ECAM) depends on the
    // image's size: src/hyp/guest-layout.ts checks it once the image is read.
    const entryWhy = v.entry === null ? null : entryAlignmentProblem(v.entry);
    if (entryWhy !== null) throw new ConfigError(`${what}.entry ${entryWhy}`);
    v.devices.forEach((d, k) => {
      if ((d.pa === null) !== (d.va === null)) throw new ConfigError(`${what}.devs[${k}]: give both pa and va, or neither`);
      if (d.va !== null && d.size === 0) throw new ConfigError(`${what}.devs[${k}]: a mapped device needs a size`);
      const vaWhy = d.va === null ? null : deviceVaProblem(d.va, d.size);
      if (vaWhy !== null) throw new ConfigError(`${what}.devs[${k}]: va ${hex(d.va!)}..${hex(d.va! + d.size)} ${vaWhy}`);
    });
  });
}
