// Reading the files a command line names (images, DTBs, --config): Node only, so it lives at
// the edge; the machine below takes bytes (DESIGN §1).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseConfig, type Config } from "../hyp/config.ts";
import { ConfigError } from "../hyp/errors.ts";
import { ImageError } from "../loader/image-error.ts";

export function readImageFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImageError(`cannot read image ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? String(e))}`);
  }
}

export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read config ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(json, dirname(resolve(path)));
}
