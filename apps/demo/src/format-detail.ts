/** One item of a FastAPI/Pydantic 422 `detail` array, as the API and @vlmchat/validation give it. */
export interface DetailItem {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Turns a `loc` into the path a developer would write: `["body", "messages", 0, "role"]` becomes
 * `messages[0].role`. The leading `"body"` (or `"response"`) names where the value was, not a field.
 */
export function formatLocation(loc: readonly (string | number)[]): string {
  const path = loc[0] === "body" || loc[0] === "response" ? loc.slice(1) : loc;
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === "" ? "(request body)" : out;
}

/** `messages[0].role: Input should be 'system', …` — one line per problem. */
export function formatDetail(detail: unknown): string[] {
  if (typeof detail === "string") return [detail];
  if (!Array.isArray(detail)) return [JSON.stringify(detail)];
  return detail.map((item: Partial<DetailItem>) =>
    Array.isArray(item.loc)
      ? `${formatLocation(item.loc)}: ${item.msg}`
      : String(item.msg ?? JSON.stringify(item)),
  );
}
