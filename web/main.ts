// The playground page: pick or drop images, set the options, Boot. Each Boot opens a card
// (one machine, one Web Worker) beside the others; a card shows the UART in a terminal,
// live counters, the stage-2 map, and, when paused, registers and the code around the PC.
import { Terminal } from "@xterm/xterm";
import { parseSize } from "../src/hyp/config.ts";
import { disassemble } from "./disassembly.ts";
import { describePstate } from "./pstate.ts";
import type { BootVm, FromWorker, RegistersView, Stage2View, Stats, ToWorker } from "./protocol.ts";

interface ImageEntry {
  name: string;
  url: string;
  entry: string | null;
  gic: 2 | 3;
  description: string;
}

const $ = <T extends HTMLElement>(sel: string, root: ParentNode = document): T => root.querySelector(sel) as T;
const el = (tag: string, attrs: Record<string, string> = {}, text = ""): HTMLElement => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
};
const hex = (n: number) => `0x${n.toString(16)}`;
const human = (n: number) => {
  const [unit, size] = n >= 1 << 20 ? ["MiB", 1 << 20] : n >= 1024 ? ["KiB", 1024] : ["B", 1];
  return `${(n / size).toFixed(n % size === 0 ? 0 : 1)} ${unit}`;
};

/** Images the user uploaded or dropped, by name. */
const uploads = new Map<string, ArrayBuffer>();
let catalogue: ImageEntry[] = [];
let uploadedDtb: { name: string; bytes: ArrayBuffer } | null = null;

const imageSelect = $<HTMLSelectElement>("#image");
const entryInput = $<HTMLInputElement>("#entry");
const memInput = $<HTMLInputElement>("#mem");
const gicSelect = $<HTMLSelectElement>("#gic");
const status = $("#status");

function addOption(value: string, label: string, selected: boolean): void {
  const o = el("option", { value }, label) as HTMLOptionElement;
  o.selected = selected;
  imageSelect.append(o);
}

async function loadCatalogue(): Promise<void> {
  catalogue = await (await fetch("images.json")).json();
  for (const img of catalogue) addOption(img.name, `${img.name} — ${img.description}`, false);
}

async function addUploads(files: FileList | File[]): Promise<void> {
  for (const f of Array.from(files)) {
    const bytes = await f.arrayBuffer();
    if (/\.dtb$/i.test(f.name)) {
      uploadedDtb = { name: f.name, bytes };
      $("#dtb-name").textContent = f.name;
      continue;
    }
    uploads.set(f.name, bytes);
    for (const o of Array.from(imageSelect.options)) o.selected = false;
    addOption(`upload:${f.name}`, `${f.name} (yours, ${human(bytes.byteLength)})`, true);
  }
  status.textContent = `${Array.from(files)
    .map((f) => f.name)
    .join(", ")} ready: Boot to run`;
}

async function imageBytes(value: string): Promise<{ name: string; bytes: ArrayBuffer; entry: string | null; gic: 2 | 3 | null }> {
  if (value.startsWith("upload:")) return { name: value.slice(7), bytes: uploads.get(value.slice(7))!, entry: null, gic: null };
  const img = catalogue.find((i) => i.name === value);
  if (img === undefined) throw new Error(`no image called ${value} (we have ${catalogue.map((i) => i.name).join(", ")})`);
  const r = await fetch(img.url);
  if (!r.ok) throw new Error(`${img.url}: HTTP ${r.status}`);
  return { name: img.name, bytes: await r.arrayBuffer(), entry: img.entry, gic: img.gic };
}

function parseEntry(v: string): number | null {
  if (v.trim() === "") return null;
  const n = Number(v.trim());
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`entry ${JSON.stringify(v)} is not an address (e.g. 0x40100000)`);
  return n;
}

async function boot(): Promise<void> {
  const chosen = Array.from(imageSelect.selectedOptions).map((o) => o.value);
  if (chosen.length === 0) throw new Error("choose an image (or drop a .bin / ELF on the page)");
  const mem = parseSize(memInput.value, "memory");
  const images = await Promise.all(chosen.map(imageBytes));
  const explicitEntry = parseEntry(entryInput.value);
  const vms: BootVm[] = images.map((img) => ({
    name: img.name,
    image: img.bytes,
    entry: explicitEntry ?? (img.entry === null ? null : Number(img.entry)),
    mem,
  }));
  const gic = Number(gicSelect.value) as 2 | 3;
  new MachineCard(vms, uploadedDtb?.bytes ?? null, gic);
}

/** One machine in its worker, and the panels that show it. */
class MachineCard {
  private readonly worker: Worker;
  private readonly root: HTMLElement;
  private readonly term: Terminal;
  private running = true;
  private ended = false;
  private maps: Stage2View[][] = [];
  private vmNames: string[] = [];
  private inspectVm = 0;

  constructor(vms: BootVm[], dtb: ArrayBuffer | null, gic: 2 | 3) {
    const tpl = $<HTMLTemplateElement>("#card").content.firstElementChild!.cloneNode(true) as HTMLElement;
    this.root = tpl;
    $("#cards").prepend(tpl);
    $(".title", tpl).textContent = `${vms.map((v) => v.name).join(" + ")} · GICv${gic} · ${human(vms[0].mem)}`;
    this.term = new Terminal({ rows: 18, cols: 80, convertEol: true, fontSize: 13, theme: { background: "#101418" } });
    this.term.open($(".term-box", tpl));
    this.term.onData((d) => this.send({ type: "input", data: new TextEncoder().encode(d) }));
    this.worker = new Worker("worker.js", { type: "module" });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => this.setState(`worker error: ${e.message}`);
    $(".pause", tpl).onclick = () => this.togglePause();
    $(".checkpoint", tpl).onclick = () => this.send({ type: "checkpoint", vm: this.inspectVm });
    $(".restore", tpl).onclick = () => this.send({ type: "restore", vm: this.inspectVm });
    $(".restart", tpl).onclick = () => {
      this.ended = false;
      this.send({ type: "restart", vm: this.inspectVm });
    };
    $(".close", tpl).onclick = () => {
      this.worker.terminate();
      this.term.dispose();
      tpl.remove();
    };
    $<HTMLSelectElement>(".vm-select", tpl).onchange = (e) => {
      this.inspectVm = Number((e.target as HTMLSelectElement).value);
      this.drawStage2();
      if (!this.running) this.send({ type: "inspect", vm: this.inspectVm, vcpu: 0 });
    };
    const transfer = vms.map((v) => v.image.slice(0));
    this.worker.postMessage({ type: "boot", vms: vms.map((v, i) => ({ ...v, image: transfer[i] })), dtb, gic } satisfies ToWorker, transfer);
    this.setState("booting");
    this.term.focus();
  }

  private send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private setState(s: string): void {
    $(".state", this.root).textContent = s;
    this.root.dataset.state = s;
  }

  private togglePause(): void {
    if (this.ended) return;
    this.running = !this.running;
    this.send({ type: this.running ? "resume" : "pause" });
    $(".pause", this.root).textContent = this.running ? "Pause" : "Resume";
    if (!this.running) this.send({ type: "inspect", vm: this.inspectVm, vcpu: 0 });
    else $(".inspect", this.root).hidden = true;
    this.setState(this.running ? "running" : "paused");
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case "booted":
        this.maps = m.maps;
        this.vmNames = m.vms.map((v) => v.name);
        this.fillVmSelect(m.vms);
        this.drawStage2();
        if (!this.ended && this.running) this.setState("running");
        return;
      case "uart":
        this.term.write(m.data);
        return;
      case "log":
        this.appendLog(m.line);
        return;
      case "stats":
        this.showStats(m.stats);
        return;
      case "registers":
        void this.showRegisters(m.regs);
        return;
      case "ended":
        this.ended = true;
        this.setState(m.outcome);
        return;
      case "error":
        this.appendLog(`playground: ${m.message}`);
        this.setState(`error: ${m.message}`);
        return;
    }
  }

  private fillVmSelect(vms: { id: number; name: string; entry: number }[]): void {
    const s = $<HTMLSelectElement>(".vm-select", this.root);
    if (s.options.length === vms.length) return;
    s.replaceChildren(...vms.map((v) => el("option", { value: String(v.id) }, `vm${v.id}: ${v.name} (entry ${hex(v.entry)})`)));
  }

  private appendLog(line: string): void {
    const log = $(".log", this.root);
    const row = el("div", { class: /ERROR/.test(line) ? "error" : /WARNING/.test(line) ? "warning" : "" }, line);
    log.append(row);
    while (log.childElementCount > 300) log.firstElementChild!.remove();
    log.scrollTop = log.scrollHeight;
  }

  private showStats(s: Stats): void {
    $(".instructions", this.root).textContent = s.instructions.toLocaleString("en-US");
    $(".mips", this.root).textContent = s.mips.toFixed(1);
    $(".snapshots", this.root).textContent = String(s.snapshots);
    const kinds = Object.entries(s.exits).sort((a, b) => b[1] - a[1]);
    $(".exits", this.root).replaceChildren(
      ...kinds.map(([kind, n]) => {
        const tr = el("tr", { "data-kind": kind });
        tr.append(el("td", {}, kind), el("td", { class: "num" }, n.toLocaleString("en-US")));
        return tr;
      }),
    );
    const trace = $(".trace", this.root);
    trace.replaceChildren(...s.trace.map((t) => el("div", {}, t)));
    trace.scrollTop = trace.scrollHeight;
    $(".vm-states", this.root).textContent = s.vms.map((v) => `vm${v.id} ${v.state}`).join(", ");
  }

  /** The VM's stage-2 map: IPA ranges on the left, PA ranges on the right, joined. */
  private drawStage2(): void {
    const runs = this.maps[this.inspectVm] ?? [];
    const box = $(".stage2", this.root);
    const rowH = 34;
    const w = 520;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", String(w));
    svg.setAttribute("height", String(rowH * runs.length + 24));
    const text = (x: number, y: number, s: string, anchor = "start", cls = "") => {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", String(x));
      t.setAttribute("y", String(y));
      t.setAttribute("text-anchor", anchor);
      if (cls) t.setAttribute("class", cls);
      t.textContent = s;
      svg.append(t);
    };
    text(10, 14, `IPA (vm${this.inspectVm}: ${this.vmNames[this.inspectVm] ?? ""})`, "start", "head");
    text(w - 10, 14, "PA (host RAM)", "end", "head");
    runs.forEach((r, i) => {
      const y = 22 + i * rowH;
      for (const x of [10, w - 170]) {
        const rect = document.createElementNS(ns, "rect");
        rect.setAttribute("x", String(x));
        rect.setAttribute("y", String(y));
        rect.setAttribute("width", "160");
        rect.setAttribute("height", String(rowH - 6));
        rect.setAttribute("class", `s2 ${r.what}`);
        svg.append(rect);
      }
      const line = document.createElementNS(ns, "path");
      line.setAttribute("d", `M170 ${y + (rowH - 6) / 2} L${w - 170} ${y + (rowH - 6) / 2}`);
      line.setAttribute("class", "arrow");
      svg.append(line);
      text(90, y + 12, `${hex(r.ipa)}–${hex(r.ipa + r.size - 1)}`, "middle");
      text(90, y + 24, `${r.what} · ${human(r.size)}`, "middle", "small");
      text(w - 90, y + 12, `${hex(r.pa)}–${hex(r.pa + r.size - 1)}`, "middle");
      text(w / 2, y + 10, r.perms, "middle", "perms");
    });
    box.replaceChildren(svg);
  }

  private async showRegisters(r: RegistersView): Promise<void> {
    const panel = $(".inspect", this.root);
    panel.hidden = false;
    const regs = $(".regs", panel);
    const cells: [string, string][] = [
      ...r.x.map((v, i) => [`x${i}`, v] as [string, string]),
      ["pc", r.pc],
      ["pstate", `0x${r.pstate.toString(16)} ${describePstate(r.pstate)}`],
    ];
    const table = (rows: [string, string][]) => {
      const t = el("table");
      for (const [k, v] of rows) {
        const tr = el("tr", { "data-reg": k });
        tr.append(el("th", {}, k), el("td", {}, v));
        t.append(tr);
      }
      return t;
    };
    regs.replaceChildren(
      el("h4", {}, `vm${r.vm} vcpu${r.vcpu}: general`),
      table(cells),
      el("h4", {}, "EL1"),
      table(Object.entries(r.el1)),
      el("h4", {}, "EL2"),
      table(Object.entries(r.el2)),
    );
    const dis = $(".disasm", panel);
    dis.textContent = "disassembling…";
    const lines = await disassemble(r.code, BigInt(r.codeVa));
    dis.replaceChildren(
      ...lines.map((l) =>
        el("div", { class: l.address === BigInt(r.pc) ? "pc" : "" }, `${l.address === BigInt(r.pc) ? "→" : " "} 0x${l.address.toString(16)}  ${l.text}`),
      ),
    );
  }
}

function readDeepLink(): boolean {
  const q = new URLSearchParams(location.search);
  if (q.has("mem")) memInput.value = q.get("mem")!;
  if (q.has("gic")) gicSelect.value = q.get("gic") === "3" ? "3" : "2";
  if (q.has("entry")) entryInput.value = q.get("entry")!;
  const images = q.get("image")?.split(",").filter(Boolean) ?? [];
  for (const o of Array.from(imageSelect.options)) o.selected = images.includes(o.value);
  const missing = images.filter((i) => !catalogue.some((c) => c.name === i));
  if (missing.length > 0) status.textContent = `?image=${missing.join(",")}: not one of ours`;
  return images.length > 0 && missing.length === 0 && q.get("boot") !== "0";
}

function updateLink(): void {
  const q = new URLSearchParams();
  const chosen = Array.from(imageSelect.selectedOptions)
    .map((o) => o.value)
    .filter((v) => !v.startsWith("upload:"));
  if (chosen.length > 0) q.set("image", chosen.join(","));
  q.set("mem", memInput.value);
  q.set("gic", gicSelect.value);
  if (entryInput.value.trim() !== "") q.set("entry", entryInput.value.trim());
  const a = $<HTMLAnchorElement>("#link");
  a.href = `?${q.toString().replace(/%2C/g, ",")}`;
  a.textContent = `link to this setup`;
}

function report(e: unknown): void {
  status.textContent = e instanceof Error ? e.message : String(e);
  status.className = "error";
}

async function start(): Promise<void> {
  await loadCatalogue();
  const autoBoot = readDeepLink();
  // A catalogue image may ask for a GIC version: follow it when it is picked.
  imageSelect.onchange = () => {
    const gics = Array.from(imageSelect.selectedOptions)
      .map((o) => catalogue.find((c) => c.name === o.value)?.gic)
      .filter((g) => g !== undefined);
    if (gics.length > 0) gicSelect.value = String(Math.max(...gics));
    updateLink();
  };
  for (const i of [memInput, entryInput, gicSelect]) i.addEventListener("change", updateLink);
  updateLink();
  $<HTMLInputElement>("#upload").onchange = (e) => void addUploads((e.target as HTMLInputElement).files!).catch(report);
  $<HTMLInputElement>("#dtb").onchange = (e) => void addUploads((e.target as HTMLInputElement).files!).catch(report);
  document.body.addEventListener("dragover", (e) => e.preventDefault());
  document.body.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer?.files.length) void addUploads(e.dataTransfer.files).catch(report);
  });
  $("#boot").onclick = () => {
    status.className = "";
    status.textContent = "";
    boot().catch(report);
  };
  if (autoBoot) await boot().catch(report);
  document.body.dataset.ready = "1";
}

start().catch(report);
