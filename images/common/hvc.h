/* Avisor's hypercalls (HVC immediate = call number) and PSCI over HVC #0, as the guests in
 * images/hostile-* make them. Each returns what the hypervisor leaves in x0. */
#ifndef HVC_H
#define HVC_H

static inline unsigned long hvc_print(const char *s)
{
    register unsigned long x0 __asm__("x0") = (unsigned long)s;
    __asm__ volatile("hvc #3" : "+r"(x0) : : "memory");
    return x0;
}

/* CHECKPOINT: x0 = 0 when taken, -1 when refused. x0 is set to a marker first, so that a
 * hypervisor that leaves x0 alone is caught. */
static inline unsigned long hvc_checkpoint(void)
{
    register unsigned long x0 __asm__("x0") = 0x1234;
    __asm__ volatile("hvc #1" : "+r"(x0) : : "memory", "x1", "x2", "x3");
    return x0;
}

static inline void hvc_restore(unsigned long id)
{
    register unsigned long x0 __asm__("x0") = id;
    __asm__ volatile("hvc #2" : "+r"(x0) : : "memory");
}

static inline long psci(unsigned long fn, unsigned long a1, unsigned long a2, unsigned long a3)
{
    register unsigned long x0 __asm__("x0") = fn;
    register unsigned long x1 __asm__("x1") = a1;
    register unsigned long x2 __asm__("x2") = a2;
    register unsigned long x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (long)x0;
}

#define PSCI_CPU_ON64 0xc4000003UL
#define PSCI_AFFINITY_INFO64 0xc4000004UL

#endif
