// The target description gdb reads with qXfer:features:read:target.xml: the standard AArch64
// core and FP/SIMD features (so gdb's own AArch64 support recognises them: `info registers`,
// `p $v0`, the $q0/$d0/$s0 views), plus one feature with the EL1 system registers.
import { REGISTERS, type RegisterDef } from "./registers.ts";

const FEATURE_NAMES: Record<RegisterDef["feature"], string> = {
  core: "org.gnu.gdb.aarch64.core",
  fpu: "org.gnu.gdb.aarch64.fpu",
  sysregs: "org.avisor.aarch64.el1-sysregs",
};

/** The flags of CPSR gdb prints in `info registers cpsr`. */
function cpsrFlags(): string {
  const bits: [string, number][] = [
    ["SP", 0],
    ["EL", 2],
    ["nRW", 4],
    ["F", 6],
    ["I", 7],
    ["A", 8],
    ["D", 9],
    ["IL", 20],
    ["SS", 21],
    ["PAN", 22],
    ["UAO", 23],
    ["V", 28],
    ["C", 29],
    ["Z", 30],
    ["N", 31],
  ];
  const fields = bits.map(([name, at]) =>
    name === "EL" ? `    <field name="EL" start="2" end="3"/>` : `    <field name="${name}" start="${at}" end="${at}"/>`,
  );
  return `  <flags id="cpsr_flags" size="4">\n${fields.join("\n")}\n  </flags>`;
}

/** The union gdb shows for a V register: the same 128 bits as lanes of each width. */
function vectorTypes(): string {
  const vec = (id: string, type: string, count: number) => `  <vector id="${id}" type="${type}" count="${count}"/>`;
  const union = (id: string, fields: [string, string][]) =>
    `  <union id="${id}">\n${fields.map(([n, t]) => `    <field name="${n}" type="${t}"/>`).join("\n")}\n  </union>`;
  return [
    vec("v2d", "ieee_double", 2),
    vec("v2u", "uint64", 2),
    vec("v2i", "int64", 2),
    vec("v4f", "ieee_single", 4),
    vec("v4u", "uint32", 4),
    vec("v4i", "int32", 4),
    vec("v8u", "uint16", 8),
    vec("v8i", "int16", 8),
    vec("v16u", "uint8", 16),
    vec("v16i", "int8", 16),
    vec("v1u", "uint128", 1),
    vec("v1i", "int128", 1),
    union("vnd", [
      ["f", "v2d"],
      ["u", "v2u"],
      ["s", "v2i"],
    ]),
    union("vns", [
      ["f", "v4f"],
      ["u", "v4u"],
      ["s", "v4i"],
    ]),
    union("vnh", [
      ["u", "v8u"],
      ["s", "v8i"],
    ]),
    union("vnb", [
      ["u", "v16u"],
      ["s", "v16i"],
    ]),
    union("vnq", [
      ["u", "v1u"],
      ["s", "v1i"],
    ]),
    union("aarch64v", [
      ["d", "vnd"],
      ["s", "vns"],
      ["h", "vnh"],
      ["b", "vnb"],
      ["q", "vnq"],
    ]),
  ].join("\n");
}

export function targetXml(): string {
  const features: string[] = [];
  for (const f of ["core", "fpu", "sysregs"] as const) {
    const regs = REGISTERS.map((r, n) => ({ r, n })).filter(({ r }) => r.feature === f);
    const lines = regs.map(
      ({ r, n }) => `  <reg name="${r.name}" bitsize="${r.bits}" type="${r.type}" regnum="${n}"${f === "sysregs" ? ` group="system"` : ""}/>`,
    );
    const types = f === "core" ? `${cpsrFlags()}\n` : f === "fpu" ? `${vectorTypes()}\n` : "";
    features.push(`<feature name="${FEATURE_NAMES[f]}">\n${types}${lines.join("\n")}\n</feature>`);
  }
  return `<?xml version="1.0"?>\n<!DOCTYPE target SYSTEM "gdb-target.dtd">\n<target version="1.0">\n<architecture>aarch64</architecture>\n${features.join("\n")}\n</target>\n`;
}
