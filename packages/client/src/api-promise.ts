/** An answer's data with its request id, as openai-node gives it (`_request_id`, not enumerable). */
export type WithRequestId<T> = T & { readonly _request_id?: string | undefined };

/** What `withResponse()` gives: the data, the HTTP response, and the request id. */
export interface WithResponse<T> {
  data: T;
  response: Response;
  /** The `x-request-id` header (an assumption: VLM Run does not document it), when the server sent one. */
  requestId: string | undefined;
}

/** The request id of an answer: its `x-request-id` header. */
function requestIdOf(response: Response): string | undefined {
  return response.headers.get("x-request-id") ?? undefined;
}

/**
 * The promise of a request's data, as openai-node's `APIPromise`: awaiting it gives the data (an object
 * answer carries `_request_id`, not enumerable), `withResponse()` gives the data with the HTTP response
 * and the request id, `asResponse()` the response.
 */
export class APIPromise<T> implements Promise<T> {
  readonly #answer: Promise<{ data: T; response: Response }>;
  #data: Promise<T> | undefined;

  constructor(answer: Promise<{ data: T; response: Response }>) {
    this.#answer = answer;
  }

  /** The data with the HTTP response it came in and the request id. */
  async withResponse(): Promise<WithResponse<T>> {
    const { response } = await this.#answer;
    return { data: await this.#parsed(), response, requestId: requestIdOf(response) };
  }

  /** The HTTP response (for a JSON answer, its body is already read). */
  async asResponse(): Promise<Response> {
    return (await this.#answer).response;
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#answer.then(({ data, response }) => {
      if (data !== null && typeof data === "object") {
        Object.defineProperty(data, "_request_id", { value: requestIdOf(response), enumerable: false });
      }
      return data;
    });
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: a promise's then, on purpose.
  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#parsed().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }

  readonly [Symbol.toStringTag] = "Promise";
}
