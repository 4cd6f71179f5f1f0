/**
 * @vlmchat/client/node: everything from `@vlmchat/client`, with input helpers that also take a file path
 * (or a `file:` URL) and read it, after checking its size.
 */
export * from "./index";

import { inputHelpers } from "./inputs/helpers";
import { readPath } from "./inputs/read-path";

export const { image, video, audio, document, file } = inputHelpers(readPath);
