import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/hyp/errors.ts";
import { defaultConfig, parseConfig, parseSize } from "../../src/hyp/config.ts";

const avisorLike = {
  hyp: { nr_cpus: 1 },
  nr_vms: 1,
  vm: [
    {
      image: "images/output.bin",
      base_addr: "0x40100000",
      entry: "0x401014b0",
      dmem_size: "0x8000000",
      nr_cpus: 1,
      nr_devs: 1,
      devs: [{ id: 2, interrupt_num: 1, interrupts: [27] }],
    },
  ],
  dtb: { image: "virt.dtb", base_addr: "0x40000000" },
};

describe("config", () => {
  it("reads Avisor's struct config fields with 0x… strings", () => {
    const c = parseConfig(avisorLike, "/work");
    expect(c.vms[0]).toMatchObject({ image: "/work/images/output.bin", baseAddr: 0x40100000, entry: 0x401014b0, dmemSize: 0x8000000, nrCpus: 1 });
    expect(c.vms[0].devices[0]).toEqual({ id: 2, pa: null, va: null, size: 0, interrupts: [27] });
    expect(c.dtb).toEqual({ image: "/work/virt.dtb", baseAddr: 0x40000000 });
    expect(c.gicVersion).toBe(2);
  });

  it("defaults match Avisor's config.c", () => {
    const c = defaultConfig("x.bin");
    expect(c.vms[0]).toMatchObject({ baseAddr: 0x40100000, dmemSize: 128 << 20, nrCpus: 1, entry: null });
    expect(c.dtb.baseAddr).toBe(0x40000000);
  });

  const bad: [string, unknown, RegExp][] = [
    ["unknown field", { vm: [{ image: "a", colour: 1 }] }, /vm\[0\]: unknown field "colour"/],
    ["no VMs", { vm: [] }, /non-empty list of VMs/],
    ["nr_vms mismatch", { nr_vms: 2, vm: [{ image: "a" }] }, /nr_vms is 2 but 1 VMs/],
    ["unaligned base", { vm: [{ image: "a", base_addr: "0x40100010" }] }, /base_addr 0x40100010 is not aligned/],
    ["base over devices", { vm: [{ image: "a", base_addr: "0x09000000" }] }, /below RAM .* overlap the devices/],
    ["bad number", { vm: [{ image: "a", dmem_size: "lots" }] }, /dmem_size: expected a number/],
    ["zero dmem", { vm: [{ image: "a", dmem_size: "0" }] }, /dmem_size must not be zero/],
    ["too many cpus", { vm: [{ image: "a", nr_cpus: 9 }] }, /nr_cpus: 9 is outside 1..8/],
    ["gic 4", { gic: 4, vm: [{ image: "a" }] }, /not a GIC version/],
    ["unaligned entry", { vm: [{ image: "a", entry: "0x40100002" }] }, /not 4-byte aligned/],
    ["missing image", { vm: [{ base_addr: "0x40100000" }] }, /image: expected the path/],
    ["half a device", { vm: [{ image: "a", devs: [{ pa: "0x9000000", size: "0x1000" }] }] }, /give both pa and va/],
    [
      "a DTB on the shared window",
      { vm: [{ image: "a" }], dtb: { base_addr: "0x70000000" } },
      /^dtb\.base_addr 0x70000000 lies in Avisor's shared-memory window 0x70000000\.\.0x71000000 \(mapped in every VM\); the default 0x40000000 is free$/,
    ],
    [
      "a DTB beyond the IPA space",
      { vm: [{ image: "a" }], dtb: { base_addr: "0x8000000000" } },
      /^dtb\.base_addr 0x8000000000 lies beyond the 39-bit guest-physical space \(0x8000000000\)$/,
    ],
    [
      "a DTB on the PCIe ECAM",
      { vm: [{ image: "a" }], dtb: { base_addr: "0x4010000000" } },
      /^dtb\.base_addr 0x4010000000 lies in the PCIe ECAM window 0x4010000000\.\.0x4020000000$/,
    ],
    ["a base in the shared window", { vm: [{ image: "a", base_addr: "0x70800000" }] }, /vm\[0\]\.base_addr 0x70800000 lies in Avisor's shared-memory window/],
    [
      "more than 64G of dmem",
      { vm: [{ image: "a", dmem_size: "0x1000000000000" }] },
      /^vm\[0\]\.dmem_size 262144G: at most 64G of guest RAM per VM after its image/,
    ],
    [
      "a device va on the shared window",
      { vm: [{ image: "a", devs: [{ pa: "0x9000000", va: "0x70000000", size: "0x1000" }] }] },
      /^vm\[0\]\.devs\[0\]: va 0x70000000\.\.0x70001000 overlaps Avisor's shared-memory window/,
    ],
    [
      "a device va above the IPA space",
      { vm: [{ image: "a", devs: [{ pa: "0x9000000", va: "0x8000000000", size: "0x1000" }] }] },
      /^vm\[0\]\.devs\[0\]: va 0x8000000000\.\.0x8000001000 ends beyond the 39-bit guest-physical space/,
    ],
  ];
  for (const [name, json, msg] of bad) {
    it(`rejects ${name} with one clear line`, () => {
      expect(() => parseConfig(json, "/")).toThrow(ConfigError);
      expect(() => parseConfig(json, "/")).toThrow(msg);
    });
  }

  it("accepts dmem_size 0x80000000: RAM is split around the shared window (test/hyp/guest-layout.test.ts)", () => {
    expect(parseConfig({ vm: [{ image: "a", dmem_size: "0x80000000" }] }, "/").vms[0].dmemSize).toBe(0x8000_0000);
  });

  it("remembers whether the GIC version was chosen, so a DTB may decide otherwise", () => {
    expect(parseConfig({ vm: [{ image: "a" }] }, "/").gicChosen).toBe(false);
    expect(parseConfig({ gic: 2, vm: [{ image: "a" }] }, "/").gicChosen).toBe(true);
  });

  it("parses CLI sizes", () => {
    expect(parseSize("128M", "--mem")).toBe(128 << 20);
    expect(parseSize("1G", "--mem")).toBe(1 << 30);
    expect(parseSize("0x8000000", "--mem")).toBe(0x8000000);
    expect(() => parseSize("big", "--mem")).toThrow(/--mem/);
  });
});
