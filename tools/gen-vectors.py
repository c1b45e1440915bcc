#!/usr/bin/env python3
"""Generate conformance vectors for the ts core from a real implementation (Unicorn 2).

The instructions come from the ts core's instruction table: tools/vector-plan.ts draws, for
every entry, random words that decode to it and says what each needs set up (base registers
in the data window, index registers, the PC of a literal load). Each case is one instruction
run at EL1 with the MMU off: random register operands (biased to edge values, FP special
values in the vector registers), random NZCV, a 256-byte data window. Unicorn executes it;
the case records the initial state and the state after. test/cpu/conformance.test.ts
replays the JSON with no dependency.

usage: /usr/bin/python3 tools/gen-vectors.py [--seed N] [--per-entry N] [--out test/cpu/vectors]
needs: python3-unicorn, node (npx tsx)
"""
import argparse, json, os, random, struct, subprocess, sys

try:
    import unicorn
    from unicorn import Uc, UC_ARCH_ARM64, UC_MODE_ARM, UcError
    from unicorn.arm64_const import *
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("needs Unicorn 2 for Python: apt-get install python3-unicorn")

CODE = 0x4000_0000
DATA = 0x4010_0000  # the 256-byte window
WIN = 256
BASE = DATA + 128   # where base registers point (offsets reach ±128)
SP_VALUE = BASE
M64 = (1 << 64) - 1

EDGE = [0, 1, 2, M64, 1 << 63, (1 << 63) - 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0x1_0000_0000, 63, 64, 31, 32]


def rnd(r):
    k = r.random()
    if k < 0.35:
        return r.choice(EDGE)
    if k < 0.5:
        return r.getrandbits(32)
    if k < 0.6:
        return r.getrandbits(8)
    return r.getrandbits(64)


REGS = [globals()[f"UC_ARM64_REG_X{i}"] for i in range(29)] + [UC_ARM64_REG_X29, UC_ARM64_REG_X30]
QREGS = [globals()[f"UC_ARM64_REG_Q{i}"] for i in range(32)]


def fp_specials():
    def f32(x): return struct.unpack("<I", struct.pack("<f", x))[0]
    def f64(x): return struct.unpack("<Q", struct.pack("<d", x))[0]
    singles = [f32(v) for v in [0.0, -0.0, 1.0, -1.5, 3.0, 0.1, 3.4e38, -3.4e38, 1e-45, 1e-39, float("inf"), float("-inf"), 2.0 ** 31, 4294967296.0, -2.0 ** 63, 123456.789, 2.5, -2.5, 0.5, -0.49, 3.5]] + [0x7fc00001, 0x7f800001, 0xffc00000]
    doubles = [f64(v) for v in [0.0, -0.0, 1.0, -1.5, 3.0, 0.1, 1e308, -1e308, 5e-324, 1e-310, float("inf"), float("-inf"), 2.0 ** 63, -2.0 ** 63, 1e19, 123456.789, 2.5, -2.5, 0.5, -0.49, 4503599627370495.5]] + [0x7ff8000000000001, 0x7ff0000000000001, 0xfff8000000000000]
    return singles, doubles


SINGLES, DOUBLES = fp_specials()


def vector_value(r):
    """A 128-bit register: random bits, or lanes of FP special values (singles or doubles)."""
    k = r.random()
    if k < 0.3:
        return r.getrandbits(128)
    if k < 0.65:
        return sum((r.choice(SINGLES) if r.random() < 0.8 else r.getrandbits(32)) << (32 * i) for i in range(4))
    return sum((r.choice(DOUBLES) if r.random() < 0.8 else r.getrandbits(64)) << (64 * i) for i in range(2))


def run_case(r, word, bases, pc, memory, simd):
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.ctl_set_cpu_model(UC_CPU_ARM64_MAX)  # the "max" model has the LSE atomics and CRC32
    uc.mem_map(CODE, 0x200000)
    uc.mem_write(pc, word.to_bytes(4, "little"))
    mem = bytes(r.getrandbits(8) for _ in range(WIN))
    uc.mem_write(DATA, mem)
    regs = [rnd(r) for _ in range(31)]
    for b in bases:
        name, _, kind = b.partition(":")
        n = int(name[1:])
        if kind == "code":
            regs[n] = CODE + r.randint(0, 255) * 4
        elif kind == "idx":
            regs[n] = r.randint(0, 8)
        elif kind == "sidx":
            regs[n] = r.randint(-8, 8) & M64
        elif kind == "struct":
            regs[n] = DATA + r.randint(0, 4) * 8  # 64 bytes of structures fit the window
        elif kind.startswith("snarrow"):
            bits = 8 * int(kind[7:])
            v = regs[n] & ((1 << bits) - 1)
            regs[n] = (v - (1 << bits) if v >> (bits - 1) else v) & M64
        elif kind.startswith("narrow"):
            regs[n] &= (1 << (8 * int(kind[6:]))) - 1
        elif kind.startswith("align"):
            a = int(kind[5:])
            regs[n] = BASE + r.randint(-4, 4) * a
        else:
            regs[n] = BASE + r.randint(-8, 8)
    for i, v in enumerate(regs):
        uc.reg_write(REGS[i], v)
    vregs = [vector_value(r) for _ in range(32)] if simd else None
    if simd:
        for i, v in enumerate(vregs):
            uc.reg_write(QREGS[i], v)
    nzcv = r.randint(0, 15)
    pstate = (nzcv << 28) | 0x3c5
    uc.reg_write(UC_ARM64_REG_PSTATE, pstate)
    uc.reg_write(UC_ARM64_REG_SP, SP_VALUE)
    if simd:
        uc.reg_write(UC_ARM64_REG_FPSR, 0)
        uc.reg_write(UC_ARM64_REG_FPCR, 0)
    uc.reg_write(UC_ARM64_REG_PC, pc)
    try:
        uc.emu_start(pc, pc + 4 + 0x1000000, count=1)
    except UcError as e:
        # A taken branch out of the mapped code: Unicorn stops on fetching the target, with
        # the PC and registers already written, which is the state after the branch.
        if e.errno != unicorn.UC_ERR_FETCH_UNMAPPED or uc.reg_read(UC_ARM64_REG_PC) == pc:
            return None
    if (uc.reg_read(UC_ARM64_REG_PSTATE) >> 2) & 3 != 1:
        return None  # left EL1 (ERET): the vector format records EL1's state only
    out_regs = [uc.reg_read(REG) for REG in REGS]
    out_vregs = [uc.reg_read(Q) for Q in QREGS] if simd else None
    after = bytes(uc.mem_read(DATA, WIN))
    changed = [[i, after[i]] for i in range(WIN) if after[i] != mem[i]]
    return {
        "regs": [hex(v) for v in regs],
        "nzcv": nzcv,
        "pc": hex(pc),
        **({"mem": mem.hex()} if memory else {}),
        **({"vregs": [hex(v) for v in vregs]} if simd else {}),
        "expect": {
            "regs": {str(i): hex(v) for i, v in enumerate(out_regs) if v != regs[i]},
            "nzcv": (uc.reg_read(UC_ARM64_REG_PSTATE) >> 28) & 0xF,
            "sp": hex(uc.reg_read(UC_ARM64_REG_SP)),
            "pc": hex(uc.reg_read(UC_ARM64_REG_PC)),
            **({"mem": changed} if changed else {}),
            **({"vregs": {str(i): hex(v) for i, v in enumerate(out_vregs) if v != vregs[i]}} if simd else {}),
            **({"fpsr": uc.reg_read(UC_ARM64_REG_FPSR)} if simd else {}),
        },
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--per-entry", type=int, default=8)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "cpu", "vectors"))
    a = ap.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    plan = json.loads(subprocess.run(["npx", "tsx", "tools/vector-plan.ts", "--seed", str(a.seed), "--per-entry", str(a.per_entry)],
                                     cwd=root, check=True, capture_output=True, text=True).stdout)
    assert plan["code"] == CODE and plan["data"] == DATA and plan["window"] == WIN
    by_group = {}
    skipped = {}
    for k in plan["cases"]:
        # Each case draws its operands from its own generator, named by the seed, its entry
        # and its word: adding entries never changes the cases of the others.
        rr = random.Random(f"{a.seed}/{k['entry']}/{k['word']}")
        w = int(k["word"], 16)
        case = run_case(rr, w, k["bases"], int(k["pc"], 16), k["memory"], k["simd"])
        if case is None:
            skipped[k["entry"]] = skipped.get(k["entry"], 0) + 1
            continue
        by_group.setdefault(k["group"], []).append({"entry": k["entry"], "asm": k["asm"], "word": k["word"], **case})
    os.makedirs(a.out, exist_ok=True)
    for f in os.listdir(a.out):
        if f.endswith(".json"):
            os.remove(os.path.join(a.out, f))
    total = 0
    for group, cases in sorted(by_group.items()):
        total += len(cases)
        with open(os.path.join(a.out, f"{group}.json"), "w") as f:
            json.dump({
                "generator": "tools/gen-vectors.py",
                "reference": f"Unicorn {unicorn.__version__}",
                "seed": a.seed,
                "code": hex(CODE), "data": hex(DATA), "window": WIN, "sp": hex(SP_VALUE),
                "cases": cases,
            }, f, separators=(",", ":"))
    for entry, n in sorted(skipped.items()):
        print(f"skipped {n} (Unicorn raised, or the instruction left EL1): {entry}", file=sys.stderr)
    print(f"{total} cases in {len(by_group)} files; {sum(skipped.values())} skipped (Unicorn raised, or left EL1)")


if __name__ == "__main__":
    main()
