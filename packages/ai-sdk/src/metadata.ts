import type { SharedV3ProviderMetadata } from "@ai-sdk/provider";
import type { Usage } from "@vlmchat/client";
import { findArtifactRefs } from "./artifacts";
import { creditsOf } from "./usage";

/** What comes back in `providerMetadata.vlmrun`. */
export interface VlmRunProviderMetadata {
  /** The session the answer belongs to: pass it as `providerOptions.vlmrun.sessionId` to continue. */
  sessionId?: string;
  /** Artifact ids the answer mentions (`img_…`, `vid_…`, `doc_…`, …), each once. */
  artifacts: string[];
  /** What the call cost, when the server said. */
  credits?: number;
  /** The answer's `x-request-id` header, when there was one. */
  requestId?: string;
}

export function vlmrunMetadata(
  sessionId: string | null | undefined,
  text: string,
  usage: Usage | null | undefined,
  requestId?: string,
): SharedV3ProviderMetadata {
  const credits = creditsOf(usage);
  return {
    vlmrun: {
      ...(sessionId && { sessionId }),
      artifacts: findArtifactRefs(text),
      ...(credits !== undefined && { credits }),
      ...(requestId && { requestId }),
    },
  };
}
