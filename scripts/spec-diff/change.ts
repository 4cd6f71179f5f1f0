/** Which way a schema's data travels: what clients send, or what they receive. */
export type Direction = "request" | "response";

/**
 * - `breaking`: a client written against the old spec can fail against the new one.
 * - `addition`: something new and optional; old clients keep working.
 * - `patch`: no client can notice (documentation, examples, a narrower response, a new default).
 */
export type Severity = "breaking" | "addition" | "patch";

export interface Change {
  readonly severity: Severity;
  /** Absent for changes that are not about a payload (an operation added, a schema renamed…). */
  readonly direction?: Direction;
  /** Where: `POST /v1/openai/chat/completions`, `ChatCompletionRequest.messages[]`, … */
  readonly location: string;
  readonly message: string;
}

export const severityOrder: readonly Severity[] = ["breaking", "addition", "patch"];
