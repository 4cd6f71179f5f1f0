/**
 * The image the mock's `image-gen` toolset "makes": a fixed 8×8 PNG (a blue and orange checkerboard,
 * 92 bytes, made once with node:zlib and checked by `test/server/artifacts.test.ts`). Fixed on purpose:
 * the same request gives the same bytes, and the image-size reader describes it like any other PNG.
 */
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAI0lEQVR42mP4ukz56zJl+fzX8vmvkdkMOCUwhSBs3BJ0sAMAM2Bm4RJkkOgAAAAASUVORK5CYII=";

export const GENERATED_IMAGE = {
  bytes: Uint8Array.from(atob(PNG_BASE64), (char) => char.charCodeAt(0)),
  contentType: "image/png",
  width: 8,
  height: 8,
} as const;
