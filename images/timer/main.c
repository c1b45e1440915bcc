/* Sleeps on the virtual timer: program CNTV for 10 ms, wait in WFI for the GIC to deliver
 * PPI 27, three times. Under deterministic virtual time the sleeps cost no host time. */
#include "arch.h"
#include "gic.h"
#include "uart.h"

#define TIMER_PPI 27
static volatile int ticks;

void el1_exception(int kind, struct frame *f)
{
    (void)f;
    if (kind != VEC_IRQ_EL1H) {
        uart_puts("unexpected exception\n");
        psci_system_off();
    }
    unsigned int iar = gic_ack();
    if ((iar & 0x3ff) == TIMER_PPI) {
        write_sysreg(cntv_ctl_el0, 2); /* masked: the line goes low */
        ticks++;
    }
    gic_eoi(iar);
}

static void sleep_ms(unsigned long ms)
{
    unsigned long freq = read_sysreg(cntfrq_el0);
    int before = ticks;
    write_sysreg(cntv_tval_el0, freq / 1000 * ms);
    write_sysreg(cntv_ctl_el0, 1);
    while (ticks == before)
        __asm__ volatile("wfi");
}

int main(void)
{
    vectors_install();
    gic_init();
    gic_enable(TIMER_PPI, 0xa0);
    __asm__ volatile("msr daifclr, #2");
    unsigned long freq = read_sysreg(cntfrq_el0);
    unsigned long start = read_sysreg(cntvct_el0);
    for (int i = 1; i <= 3; i++) {
        sleep_ms(10);
        uart_puts("tick ");
        uart_putdec(i);
        uart_putc('\n');
    }
    unsigned long ms = (read_sysreg(cntvct_el0) - start) / (freq / 1000);
    uart_puts(ms >= 30 ? "slept at least 30 ms of virtual time\n" : "slept too little\n");
    return 0;
}
