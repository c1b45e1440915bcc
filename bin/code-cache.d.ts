// Types of bin/code-cache.js (plain JavaScript: the command starts without compiling anything).
export type CacheStatus = "hit" | "miss" | "rejected" | "off";
export function runBundle(bundlePath: string, cacheDir: string | null): { status: CacheStatus; save: () => boolean };
export function defaultCacheDir(env: Record<string, string | undefined>, home: string | undefined): string | null;
