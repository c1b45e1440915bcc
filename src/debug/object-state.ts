// Saving and restoring the plain state of the hypervisor's and devices' objects (vGIC
// arrays, UART FIFO and registers, scheduler position, vCPU flags) without each class
// exporting a snapshot format: a value copy of every own field that is data (numbers,
// strings, booleans, BigInts, typed arrays, arrays and plain objects of those, recursively).
// Functions, Maps and class instances are references to collaborators (devices, lines,
// vCPUs): they are put back as the same references, never copied.

type Saved =
  | { t: "value"; v: unknown }
  | { t: "typed"; v: ArrayBufferView & { slice(): unknown; length: number } }
  | { t: "array"; items: Saved[] }
  | { t: "object"; fields: [string, Saved][] };

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function save(v: unknown): Saved {
  if (v === null || typeof v !== "object") return { t: "value", v };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { t: "typed", v: (v as TypedArray).slice() as never };
  if (Array.isArray(v)) return { t: "array", items: v.map(save) };
  if (isPlainObject(v)) return { t: "object", fields: Object.entries(v).map(([k, x]) => [k, save(x)]) };
  return { t: "value", v }; // a collaborator: kept by reference
}

function fresh(s: Saved): unknown {
  switch (s.t) {
    case "value":
      return s.v;
    case "typed":
      return (s.v as TypedArray).slice();
    case "array":
      return s.items.map(fresh);
    case "object":
      return Object.fromEntries(s.fields.map(([k, x]) => [k, fresh(x)]));
  }
}

/** Put `s` back into the field `key` of `holder`, in place where the current value has the
 *  same shape (typed arrays and arrays others may hold on to stay the same objects). */
function restoreInto(holder: Record<string | number, unknown>, key: string | number, s: Saved): void {
  const cur = holder[key];
  if (s.t === "typed" && ArrayBuffer.isView(cur) && (cur as TypedArray).length === s.v.length) {
    (cur as TypedArray).set(s.v as never);
    return;
  }
  if (s.t === "array" && Array.isArray(cur)) {
    cur.length = s.items.length;
    s.items.forEach((item, i) => restoreInto(cur as unknown as Record<number, unknown>, i, item));
    return;
  }
  if (s.t === "object" && cur !== null && typeof cur === "object" && isPlainObject(cur)) {
    for (const [k, x] of s.fields) restoreInto(cur as Record<string, unknown>, k, x);
    return;
  }
  holder[key] = fresh(s);
}

export interface ObjectState {
  target: object;
  fields: [string, Saved][];
}

/** The data fields of `target` (a class instance) as they are now. */
export function saveObject(target: object): ObjectState {
  return { target, fields: Object.entries(target).map(([k, v]) => [k, save(v)]) };
}

export function restoreObject(s: ObjectState): void {
  for (const [k, v] of s.fields) restoreInto(s.target as Record<string, unknown>, k, v);
}
