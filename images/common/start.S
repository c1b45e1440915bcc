// Entry of every guest built here: runs at EL1 with the MMU off and DAIF masked, as
// Avisor's vcpu_arch_reset leaves a vCPU. Sets up a stack, clears .bss, calls main(),
// then powers off through PSCI SYSTEM_OFF.
    .section .text.start, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  bl      main
    .global psci_system_off
psci_system_off:
    movz    x0, #0x0008
    movk    x0, #0x8400, lsl #16      // PSCI SYSTEM_OFF = 0x84000008
    hvc     #0
3:  wfi
    b       3b
