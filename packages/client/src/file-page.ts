/** A page of `GET /v1/files`, which answers a bare array paged by `skip` and `limit`. */
import type { FileResponse } from "@vlmchat/types";
import type { APIPromise } from "./api-promise";

/** The API's default page size (`limit`). */
const DEFAULT_LIMIT = 10;

export interface FileListParams {
  /** How many files to skip (default 0). */
  skip?: number | undefined;
  /** How many files a page holds, 1–1000 (default 10). */
  limit?: number | undefined;
}

/** One page of files; `getNextPage()` asks for the next while `hasNextPage()`. */
export class FilePage {
  readonly data: FileResponse[];
  readonly skip: number;
  readonly limit: number;
  readonly #fetchPage: (params: FileListParams) => FilePagePromise;

  constructor(
    data: FileResponse[],
    params: FileListParams,
    fetchPage: (params: FileListParams) => FilePagePromise,
  ) {
    this.data = data;
    this.skip = params.skip ?? 0;
    this.limit = params.limit ?? DEFAULT_LIMIT;
    this.#fetchPage = fetchPage;
  }

  /** A full page may have a successor (the API does not say how many files there are). */
  hasNextPage(): boolean {
    return this.data.length > 0 && this.data.length >= this.limit;
  }

  getNextPage(): FilePagePromise {
    return this.#fetchPage({ skip: this.skip + this.data.length, limit: this.limit });
  }
}

/**
 * `client.files.list()`: awaited, the first page (`.data`); iterated with `for await`, every file of
 * every page, fetched page by page as the loop goes (as openai-node's lists are).
 */
export type FilePagePromise = APIPromise<FilePage> & AsyncIterable<FileResponse>;

/** Makes a page's promise async-iterable over the files of it and of every page after it. */
export function pagePromise(page: APIPromise<FilePage>): FilePagePromise {
  return Object.assign(page, {
    async *[Symbol.asyncIterator]() {
      for (let current: FilePage = await page; ; current = await current.getNextPage()) {
        yield* current.data;
        if (!current.hasNextPage()) return;
      }
    },
  });
}
