// Avisor's shared-memory device as every VM sees it (its mem_cfg.h and shared_memory_init).

/** 16 MiB at IPA 0x70000000 in every VM, starting with the bytes "Ciallo!\0". */
export const SHARED_MEM = { ipa: 0x7000_0000, size: 0x100_0000, init: "Ciallo!\0" } as const;
