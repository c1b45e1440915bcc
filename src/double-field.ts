// V8 keeps a number field of an object in one representation per hidden class: small
// integer (Smi: 31 or 32 signed bits, by build) or double. A field created with a Smi that
// later receives anything else (a uint32 word >= 2^31, a PA computed in floating point, a
// count past 2^31) moves its object to a new hidden class, which deoptimizes every
// function compiled for the old one (measured: 82 "wrong map" deopts in a Unikraft boot).

/** -0: a number V8 can never hold as a Smi. A field initialised with it starts out double,
 *  its final representation, and stays double whatever is stored later (a Smi included), so
 *  no later value changes the object's hidden class. -0 is not quite 0 (Object.is, 1/x),
 *  so the owner stores the field's real initial value right after, in its constructor. */
export const DOUBLE_ZERO = -0;
