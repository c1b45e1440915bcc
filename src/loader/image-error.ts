/** A guest image we cannot load: one line saying why. Exit code 2 at the CLI. */
export class ImageError extends Error {
  override name = "ImageError";
}
