// The part of @alexaltea/capstone-js (Capstone 5 compiled to WebAssembly) that
// src/debug/disassembler.ts uses; the package ships no types.
declare module "@alexaltea/capstone-js" {
  const load: () => Promise<unknown>;
  export default load;
}
