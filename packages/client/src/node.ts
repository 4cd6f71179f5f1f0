/**
 * @vlmchat/client/node: everything from `@vlmchat/client`, with input helpers that also take a file path
 * (or a `file:` URL) and read it, after checking its size; a client whose `files.upload()` takes file
 * paths and skips bytes the API already has (MD5 from node:crypto); and `saveArtifact()`.
 */
export * from "./index";

import { VlmChat as BaseVlmChat } from "./client";
import type { Files } from "./files";
import { inputHelpers } from "./inputs/helpers";
import { readPath } from "./inputs/read-path";
import { nodeUploads } from "./node-uploads";
import type { Uploadable, UploadPlatform } from "./upload-source";

export const { image, video, audio, document, file } = inputHelpers(readPath);
export { saveArtifact } from "./node-uploads";

/** The client, with uploads from file paths and MD5 dedupe of paths, Blobs and bytes. */
export class VlmChat extends BaseVlmChat {
  declare readonly files: Files<Uploadable | string>;

  protected override uploadPlatform(): UploadPlatform {
    return nodeUploads;
  }
}
