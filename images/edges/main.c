/* Architectural edges where the two backends, the ARM ARM and QEMU have disagreed:
 * the generic timer with CVAL = 2^64-1, EL2-only AT instructions at EL1, an illegal ERET
 * to EL2h, unaligned accesses to Device memory (MMU off and on), a store to a page made
 * writable without a TLBI naming it, and code rewritten through a second VA alias.
 * Each check prints what the guest saw: the exception it took (EC, DFSC) or none. */
#include "arch.h"
#include "gic.h"
#include "uart.h"

#define CNTP_PPI 30
#define UART_FR_PLUS_1 0x09000019UL

static volatile unsigned long last_esr, last_far;
static volatile int taken;
static void report_exception(void);

void el1_exception(int kind, struct frame *f)
{
    if (kind != VEC_SYNC_EL1H) {
        uart_puts("unexpected exception kind ");
        uart_putdec(kind);
        uart_putc('\n');
        psci_system_off();
    }
    last_esr = read_sysreg(esr_el1);
    last_far = read_sysreg(far_el1);
    taken++;
    if ((last_esr >> 26) == 0x0e)
        f->spsr &= ~(1UL << 20); /* illegal execution state: clear PSTATE.IL */
    f->elr += 4;                 /* skip the instruction that took it */
}

/* "what: no exception" or "what: EC 0x.., DFSC 0x.." for the exception just taken. */
static void report(const char *what)
{
    uart_puts(what);
    uart_puts(": ");
    if (!taken) {
        uart_puts("no exception\n");
        return;
    }
    report_exception();
}

/* An unaligned load: the exception it took, or the value it read. */
static void report_load(const char *what, unsigned long v)
{
    uart_puts(what);
    uart_puts(": ");
    if (!taken) {
        uart_puts("read ");
        uart_puthex(v);
        uart_putc('\n');
        return;
    }
    report_exception();
}

static void report_exception(void)
{
    unsigned long ec = last_esr >> 26;
    uart_puts("EC ");
    uart_puthex(ec);
    if (ec == 0x25) {
        uart_puts(", DFSC ");
        uart_puthex(last_esr & 0x3f);
        uart_puts(", FAR ");
        uart_puthex(last_far);
    }
    uart_putc('\n');
    taken = 0;
}

static unsigned long load32(unsigned long addr)
{
    unsigned long v = 0;
    __asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(addr) : "memory");
    return v;
}

static void store32(unsigned long addr, unsigned long v)
{
    __asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

/* ---- 1. the virtual timer with a deadline the counter never reaches ---- */
static void timer_edges(void)
{
    gic_init();
    gic_enable(CNTP_PPI, 0xa0); /* PSTATE.I stays set: the pending PPI only ends the WFI */
    write_sysreg(cntv_cval_el0, ~0UL);
    write_sysreg(cntv_ctl_el0, 1);
    isb();
    unsigned long before = read_sysreg(cntvct_el0);
    uart_puts("cntv cval 2^64-1: istatus ");
    uart_putdec((read_sysreg(cntv_ctl_el0) >> 2) & 1);
    uart_putc('\n');
    write_sysreg(cntp_tval_el0, 1000);
    write_sysreg(cntp_ctl_el0, 1);
    isb();
    while (!(read_sysreg(cntp_ctl_el0) & 4))
        __asm__ volatile("wfi");
    write_sysreg(cntp_ctl_el0, 2);
    isb();
    unsigned long after = read_sysreg(cntvct_el0);
    uart_puts(after > before ? "counter went forward across wfi" : "counter went backwards across wfi");
    uart_puts(", istatus ");
    uart_putdec((read_sysreg(cntv_ctl_el0) >> 2) & 1);
    uart_putc('\n');
    write_sysreg(cntv_ctl_el0, 0);
    isb();
}

/* AT S1E1R/W at EL1: stage 1 only; PAR_EL1 holds the IPA and attributes, or F and FST. */
static void at_s1e1(const char *what, unsigned long va)
{
    __asm__ volatile("at s1e1r, %0\n isb" ::"r"(va) : "memory");
    unsigned long r = read_sysreg(par_el1);
    __asm__ volatile("at s1e1w, %0\n isb" ::"r"(va) : "memory");
    unsigned long w = read_sysreg(par_el1);
    uart_puts(what);
    uart_puts(": par ");
    uart_puthex(r);
    uart_puts(" / ");
    uart_puthex(w);
    uart_putc('\n');
}

/* ---- 2. AT instructions of EL2 executed at EL1: UNDEFINED ---- */
static void at_edges(void)
{
    unsigned long va = 0x40100000UL;
    __asm__ volatile("at s12e1r, %0" ::"r"(va) : "memory");
    report("at s12e1r at el1");
    __asm__ volatile("at s12e1w, %0" ::"r"(va) : "memory");
    report("at s12e1w at el1");
    __asm__ volatile("at s12e0r, %0" ::"r"(va) : "memory");
    report("at s12e0r at el1");
    __asm__ volatile("at s12e0w, %0" ::"r"(va) : "memory");
    report("at s12e0w at el1");
    __asm__ volatile("at s1e2r, %0" ::"r"(va) : "memory");
    report("at s1e2r at el1");
    __asm__ volatile("at s1e2w, %0" ::"r"(va) : "memory");
    report("at s1e2w at el1");
    at_s1e1("at s1e1r/w ram, mmu off", 0x40100123UL);
    at_s1e1("at s1e1r/w uart, mmu off", 0x09000000UL);
}

/* ---- 3. ERET from EL1 to EL2h: an illegal exception return ---- */
static void eret_edge(void)
{
    __asm__ volatile(
        "adr x9, 1f\n"
        "msr elr_el1, x9\n"
        "mov x9, #0x3c9\n" /* EL2h, DAIF masked */
        "msr spsr_el1, x9\n"
        "eret\n"
        "1: nop\n" ::: "x9", "memory");
    report("eret to el2h");
    uart_puts("still at el");
    uart_putdec((read_sysreg(CurrentEL) >> 2) & 3);
    uart_putc('\n');
}

/* ---- stage-1 tables: identity (devices Device-nGnRnE, RAM Normal), pages at 0x80000000 ---- */
#define DESC_BLOCK 0x1UL
#define DESC_TABLE 0x3UL
#define DESC_PAGE 0x3UL
#define AF (1UL << 10)
#define AP_RO (1UL << 7)
#define SH_INNER (3UL << 8)
#define ATTR(i) ((unsigned long)(i) << 2)
#define PAGE_VA(n) (0x80000000UL + 0x1000UL * (n))

static unsigned long l1[512] __attribute__((aligned(4096)));
static unsigned long l2[512] __attribute__((aligned(4096)));
static unsigned long l3[512] __attribute__((aligned(4096)));
static volatile unsigned int data[2][1024] __attribute__((aligned(4096)));
static unsigned int code[1024] __attribute__((aligned(4096)));

static void tlbi_all(void)
{
    dsb();
    __asm__ volatile("tlbi vmalle1" ::: "memory");
    dsb();
    isb();
}

static void mmu_on(void)
{
    l1[0] = 0x00000000UL | DESC_BLOCK | AF | ATTR(0);
    l1[1] = 0x40000000UL | DESC_BLOCK | AF | SH_INNER | ATTR(1);
    l1[2] = (unsigned long)l2 | DESC_TABLE;
    l2[0] = (unsigned long)l3 | DESC_TABLE;
    write_sysreg(mair_el1, 0xff00UL);
    write_sysreg(tcr_el1, 25UL | (1UL << 23) | (2UL << 32) | (1UL << 8) | (1UL << 10) | (3UL << 12));
    write_sysreg(ttbr0_el1, (unsigned long)l1);
    tlbi_all();
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1 | (1 << 2) | (1 << 12)); /* M, C, I */
    isb();
}

static void set_page(int n, unsigned long desc)
{
    l3[n] = desc;
    dsb();
    isb();
}

/* ---- 4. unaligned accesses to Device memory ---- */
static void unaligned_mmu_off(void)
{
    data[0][0] = 0x44332211;
    data[0][1] = 0x88776655;
    report_load("unaligned ldr from the uart, mmu off", load32(UART_FR_PLUS_1));
    report_load("unaligned ldr from ram, mmu off", load32((unsigned long)&data[0][0] + 1));
}

static void unaligned_mmu_on(void)
{
    report_load("unaligned ldr from the uart, device mapping", load32(UART_FR_PLUS_1));
    report_load("unaligned ldr from ram, normal mapping", load32((unsigned long)&data[0][0] + 1));
}

/* ---- 5. a page made writable (or accessible) without a TLBI that names it ---- */
static void stale_tlb_edges(void)
{
    unsigned long pa = (unsigned long)&data[1][0];
    set_page(1, pa | DESC_PAGE | AF | AP_RO | SH_INNER | ATTR(1));
    set_page(2, pa | DESC_PAGE | AF | SH_INNER | ATTR(1));
    tlbi_all();
    load32(PAGE_VA(1)); /* the read-only translation is now cached */
    store32(PAGE_VA(1), 1);
    report("store to the read-only page");
    at_s1e1("at s1e1r/w read-only page", PAGE_VA(1) + 0x10);
    at_s1e1("at s1e1r/w unmapped page", PAGE_VA(9));
    at_s1e1("at s1e1r/w uart, device mapping", 0x09000000UL);
    set_page(1, pa | DESC_PAGE | AF | SH_INNER | ATTR(1)); /* writable, no TLBI */
    store32(PAGE_VA(1) + 4, 0x5a);
    report("store after making it writable without tlbi");

    set_page(1, pa | DESC_PAGE | AF | AP_RO | SH_INNER | ATTR(1));
    tlbi_all();
    load32(PAGE_VA(1));
    set_page(1, pa | DESC_PAGE | AF | SH_INNER | ATTR(1));
    __asm__ volatile("tlbi vae1, %0\n dsb sy\n isb" ::"r"(PAGE_VA(2) >> 12) : "memory");
    store32(PAGE_VA(1) + 8, 0xa5);
    report("store after making it writable, tlbi of another page");

    set_page(3, pa | DESC_PAGE | SH_INNER | ATTR(1)); /* access flag clear */
    tlbi_all();
    load32(PAGE_VA(3));
    report("load with the access flag clear");
    set_page(3, pa | DESC_PAGE | AF | SH_INNER | ATTR(1));
    unsigned long v = load32(PAGE_VA(3) + 4);
    report("load after setting the access flag without tlbi");
    uart_puts(v == 0x5a && data[1][2] == 0xa5 ? "both stores landed\n" : "a store was lost\n");
}

/* ---- 6. code rewritten through a second VA alias, then IC IALLU / IC IVAU ---- */
#define MOVZ_W0(n) (0x52800000u | ((unsigned int)(n) << 5))
#define RET 0xd65f03c0u

static void sync_code(unsigned long va, int by_va)
{
    __asm__ volatile("dc cvau, %0\n dsb ish" ::"r"(va) : "memory");
    if (by_va)
        __asm__ volatile("ic ivau, %0" ::"r"(va) : "memory");
    else
        __asm__ volatile("ic iallu" ::: "memory");
    __asm__ volatile("dsb ish\n isb" ::: "memory");
}

static void alias_code_edges(void)
{
    int (*fn)(void) = (int (*)(void))(void *)code;
    volatile unsigned int *alias = (volatile unsigned int *)PAGE_VA(4);
    set_page(4, (unsigned long)code | DESC_PAGE | AF | SH_INNER | ATTR(1));
    tlbi_all();
    code[0] = MOVZ_W0(1);
    code[1] = RET;
    sync_code((unsigned long)code, 0);
    int first = fn();
    alias[0] = MOVZ_W0(2);
    sync_code(PAGE_VA(4), 0);
    int second = fn();
    alias[0] = MOVZ_W0(3);
    sync_code(PAGE_VA(4), 1);
    int third = fn();
    uart_puts("code through an alias: ");
    uart_putdec(first);
    uart_puts(", after ic iallu ");
    uart_putdec(second);
    uart_puts(", after ic ivau ");
    uart_putdec(third);
    uart_putc('\n');
}

int main(void)
{
    vectors_install();
    timer_edges();
    at_edges();
    eret_edge();
    unaligned_mmu_off();
    mmu_on();
    unaligned_mmu_on();
    stale_tlb_edges();
    alias_code_edges();
    uart_puts("done\n");
    return 0;
}
