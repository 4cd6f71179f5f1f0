import type { ChatCompletion, ChatCompletionChunk } from "@vlmchat/types";
import { expect } from "vitest";
import { type Exchanged, specViolations, sseData } from "./spec-check";

export interface ApiResponse extends Exchanged {
  json: unknown;
  /** The body's bytes (an artifact's are not text). */
  bytes: Uint8Array;
  /** For a stream: the `data` of every event, `[DONE]` included. */
  events: string[];
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Send this text as the body instead of `JSON.stringify(body)`. */
  rawBody?: string | FormData | Uint8Array<ArrayBuffer>;
  signal?: AbortSignal;
}

/**
 * The suite's HTTP client for the mock server: real fetch over loopback, and every response checked
 * against the spec before a test sees it (a violation fails the test that received it).
 */
export class Api {
  constructor(
    readonly origin: string,
    private readonly defaults: Record<string, string> = {},
  ) {}

  async request(method: string, url: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const raw = options.rawBody;
    const requestBody =
      typeof raw === "string" || raw === undefined
        ? (raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)))
        : undefined;
    const response = await fetch(this.origin + url, {
      method,
      headers: {
        ...(requestBody === undefined ? {} : { "content-type": "application/json" }),
        ...this.defaults,
        ...options.headers,
      },
      ...(requestBody === undefined ? {} : { body: requestBody }),
      ...(raw !== undefined && typeof raw !== "string" ? { body: raw } : {}),
      redirect: "manual",
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const body = new TextDecoder().decode(bytes);
    const exchanged: Exchanged = {
      method,
      url,
      requestBody,
      status: response.status,
      headers: response.headers,
      body,
    };
    expect(specViolations(exchanged), `${method} ${url} → ${response.status} breaks the spec`).toEqual([]);
    const isStream = /^text\/event-stream/.test(response.headers.get("content-type") ?? "");
    let json: unknown;
    const isJson = /^application\/json/.test(response.headers.get("content-type") ?? "");
    if (!isStream && isJson && body !== "") json = JSON.parse(body);
    return { ...exchanged, json, bytes, events: isStream ? sseData(body) : [] };
  }

  chat(body: unknown, headers?: Record<string, string>): Promise<ApiResponse> {
    return this.request("POST", "/v1/openai/chat/completions", { body, ...(headers ? { headers } : {}) });
  }

  /** A non-streamed completion that must succeed. */
  async complete(body: Record<string, unknown>, headers?: Record<string, string>): Promise<ChatCompletion> {
    const response = await this.chat(body, headers);
    expect(response.status, response.body).toBe(200);
    return response.json as ChatCompletion;
  }

  /** A streamed completion that must succeed: its chunks, `[DONE]` checked and left out. */
  async stream(
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<ChatCompletionChunk[]> {
    const response = await this.chat({ ...body, stream: true }, headers);
    expect(response.status, response.body).toBe(200);
    expect(response.events.at(-1)).toBe("[DONE]");
    return response.events.slice(0, -1).map((data) => JSON.parse(data) as ChatCompletionChunk);
  }
}
