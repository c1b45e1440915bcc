/* System-register access and the exception frame built by vectors.S. */
#ifndef ARCH_H
#define ARCH_H

#define read_sysreg(r) ({ unsigned long __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((unsigned long)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb() __asm__ volatile("dsb sy" ::: "memory")

struct frame {
    unsigned long x[31];
    unsigned long elr;
    unsigned long spsr;
};

/* Vector kinds: (group * 4) + type; groups 0 EL1t, 1 EL1h, 2 lower EL; types 0 sync, 1 IRQ */
#define VEC_SYNC_EL1H 4
#define VEC_IRQ_EL1H 5

void el1_exception(int kind, struct frame *f);
extern char el1_vectors[];

static inline void vectors_install(void)
{
    write_sysreg(vbar_el1, (unsigned long)el1_vectors);
    isb();
}

void psci_system_off(void);

#endif
