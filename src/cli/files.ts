// Reading the files a command line names (images, DTBs, --config): Node only, so it lives at
// the edge; the machine below takes bytes (DESIGN §1). Every read goes through read-input.ts
// (regular files only, bounded by what the file is for).
import { dirname, resolve } from "node:path";
import { parseConfig, type Config } from "../hyp/config.ts";
import { ConfigError } from "../hyp/errors.ts";
import { configFileReader } from "./input-files.ts";
import { MAX_CONFIG_BYTES, readInputFile } from "./read-input.ts";

/** The image and DTB bytes a config names, each read as what it is for. */
export function readMachineFiles(config: Config): { images: Uint8Array[]; dtb: Uint8Array | null } {
  const read = configFileReader(config);
  return {
    images: config.vms.map((vm) => read(vm.image, "image")),
    dtb: config.dtb.image === null ? null : read(config.dtb.image, "DTB"),
  };
}

/** Build a Config from the text of a --config file; `path` names it in messages and anchors
 *  the relative paths inside it. */
export function parseConfigFile(text: string, path: string): Config {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(json, dirname(resolve(path)));
}

export function loadConfigFile(path: string): Config {
  return parseConfigFile(new TextDecoder().decode(readInputFile(path, "config", MAX_CONFIG_BYTES)), path);
}
