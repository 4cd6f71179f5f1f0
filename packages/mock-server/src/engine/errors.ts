/** A request the engine cannot answer: a 400 for a request that contradicts itself, a 500 for a mock limit. */
export class EngineError extends Error {
  override name = "EngineError";
  constructor(
    readonly status: 400 | 500,
    readonly detail: string,
  ) {
    super(detail);
  }
}
