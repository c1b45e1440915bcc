import { describe, expect, it } from "vitest";
import { RoundRobin } from "../../src/hyp/sched.ts";

describe("round-robin scheduling", () => {
  it("takes runnable vCPUs in turn and skips those that are off or waiting", () => {
    const v = [
      { id: 0, state: "on" as const, waiting: false },
      { id: 1, state: "off" as const, waiting: false },
      { id: 2, state: "on" as const, waiting: true },
      { id: 3, state: "on" as const, waiting: false },
    ];
    const rr = new RoundRobin<(typeof v)[number]>();
    expect([0, 1, 2, 3].map(() => rr.pick(v)!.id)).toEqual([0, 3, 0, 3]);
    v[2].waiting = false;
    const seen = new Set([0, 1, 2, 3, 4, 5].map(() => rr.pick(v)!.id));
    expect(seen).toEqual(new Set([0, 2, 3]));
    expect(rr.pick(v.map((x) => ({ ...x, waiting: true })))).toBeNull();
  });
});
