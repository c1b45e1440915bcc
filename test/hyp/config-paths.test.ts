// Paths in a config file are relative to its folder, resolved without node:path (the
// config parser is reached by the library, which runs in browsers too).
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { joinPath, parseConfig } from "../../src/hyp/config.ts";

describe("config paths", () => {
  it("joins, folds . and .., keeps absolute paths: as node:path's resolve does", () => {
    const cases: [string, string][] = [
      ["/work/cfg", "images/a.bin"],
      ["/work/cfg", "./images/../b.bin"],
      ["/work/cfg/", "../../x/y.bin"],
      ["/work", "/abs/c.bin"],
      ["/", "../d.bin"],
      ["/a//b", "c//d.bin"],
    ];
    for (const [dir, p] of cases) expect(joinPath(dir, p)).toBe(resolve(dir, p));
  });

  it("parseConfig resolves vm and dtb images against the config's folder", () => {
    const c = parseConfig({ vm: [{ image: "../img/a.bin" }], dtb: { image: "./virt.dtb" } }, "/srv/cfg");
    expect(c.vms[0].image).toBe("/srv/img/a.bin");
    expect(c.dtb.image).toBe("/srv/cfg/virt.dtb");
  });
});
