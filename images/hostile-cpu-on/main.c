/* PSCI CPU_ON with target 1, as the cpu node's reg in the generated DTB and Linux name vCPU 1
 * (not the whole MPIDR 0x80000001); then the answers for a CPU already on and for CPUs this
 * two-vCPU VM does not have. vCPU 1 only records what it was started with, then waits. */
#include "arch.h"
#include "hvc.h"
#include "uart.h"

static volatile unsigned long started, context, affinity;
unsigned char secondary_stack[4096] __attribute__((aligned(16)));

void secondary_main(unsigned long ctx)
{
    context = ctx;
    affinity = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
    started = 1;
    for (;;)
        __asm__ volatile("wfi");
}

/* CPU_ON's entry: no stack yet. */
__asm__(".global secondary_entry\n"
        "secondary_entry:\n"
        "    adrp x1, secondary_stack + 4096\n"
        "    add  x1, x1, :lo12:secondary_stack + 4096\n"
        "    mov  sp, x1\n"
        "    b    secondary_main\n");
void secondary_entry(void);

static void show(const char *what, long r)
{
    uart_puts(what);
    if (r < 0) {
        uart_putc('-');
        r = -r;
    }
    uart_putdec((unsigned long)r);
    uart_putc('\n');
}

int main(void)
{
    show("CPU_ON target 1: ", psci(PSCI_CPU_ON64, 1, (unsigned long)secondary_entry, 0x5eed));
    for (unsigned long spins = 0; !started; spins++) {
        if (spins > 2000000UL) {
            uart_puts("vcpu1 never started\n");
            return 0;
        }
    }
    uart_puts("vcpu1 started, context ");
    uart_puthex(context);
    uart_puts(", affinity ");
    uart_puthex(affinity);
    uart_putc('\n');
    show("CPU_ON target 1 again (ALREADY_ON): ", psci(PSCI_CPU_ON64, 1, (unsigned long)secondary_entry, 0));
    show("CPU_ON target 0x80000001 (ALREADY_ON): ", psci(PSCI_CPU_ON64, 0x80000001UL, (unsigned long)secondary_entry, 0));
    show("CPU_ON target 2 (INVALID_PARAMETERS): ", psci(PSCI_CPU_ON64, 2, (unsigned long)secondary_entry, 0));
    show("CPU_ON target 0x100 (INVALID_PARAMETERS): ", psci(PSCI_CPU_ON64, 0x100, (unsigned long)secondary_entry, 0));
    show("AFFINITY_INFO target 1 (ON): ", psci(PSCI_AFFINITY_INFO64, 1, 0, 0));
    return 0;
}
