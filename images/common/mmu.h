/* Stage-1 tables built by the guest: 4 KiB granule, 39-bit VAs (3 levels from level 1),
 * MAIR index 0 Device-nGnRnE, index 1 Normal write-back. */
#ifndef MMU_H
#define MMU_H
/* Identity-map 1 GiB of RAM at 0x40000000 (block) and the 1 GiB of devices at 0. */
void mmu_enable_identity(void);
/* Map one 4 KiB page at va (inside the 0x80000000.. GiB) to pa. */
void mmu_map_page(unsigned long va, unsigned long pa);
#endif
