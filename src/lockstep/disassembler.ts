// Lockstep's disassembler for divergence reports: Capstone 5 compiled to WebAssembly
// (src/debug/disassembler.ts), so `npm run lockstep` needs no native Capstone library.
export { loadDisassembler, rawWord, type Disassembler } from "../debug/disassembler.ts";
