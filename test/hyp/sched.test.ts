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
    const rr = new RoundRobin<(typeof v)[number]>(1);
    const pick = () => {
      const p = rr.pick(v)!;
      rr.charge(1);
      return p.id;
    };
    expect([0, 1, 2, 3].map(pick)).toEqual([0, 3, 0, 3]);
    v[2].waiting = false;
    const seen = new Set([0, 1, 2, 3, 4, 5].map(pick));
    expect(seen).toEqual(new Set([0, 2, 3]));
    expect(rr.pick(v.map((x) => ({ ...x, waiting: true })))).toBeNull();
  });

  it("keeps a vCPU for its whole slice, exits included, then moves on; an exit without progress still uses it up", () => {
    const v = [
      { id: 0, state: "on" as const, waiting: false },
      { id: 1, state: "on" as const, waiting: false },
    ];
    const rr = new RoundRobin<(typeof v)[number]>(1000);
    const ran: number[] = [];
    for (let i = 0; i < 6; i++) {
      const p = rr.pick(v)!;
      ran.push(p.id);
      rr.charge(Math.min(400, rr.remaining)); // an exit every 400 instructions
    }
    expect(ran).toEqual([0, 0, 0, 1, 1, 1]);
    const zero = new RoundRobin<(typeof v)[number]>(3);
    const seq = [0, 1, 2, 3].map(() => {
      const p = zero.pick(v)!;
      zero.charge(0);
      return p.id;
    });
    expect(seq).toEqual([0, 0, 0, 1]);
    // A vCPU that starts waiting gives up the rest of its slice.
    const rr2 = new RoundRobin<(typeof v)[number]>(1000);
    expect(rr2.pick(v)!.id).toBe(0);
    rr2.charge(10);
    v[0].waiting = true;
    expect(rr2.pick(v)!.id).toBe(1);
  });
});
