// Placeholder: filled in by its owner. Exports the patterns of this instruction class.
import type { Pattern } from "../decode-pattern.ts";

export const PATTERNS: Pattern[] = [];
