/**
 * Pydantic's wording. The server is FastAPI on Pydantic v2, so its 422s say "Field required" and
 * "Input should be a valid integer"; these helpers say the same things the same way, down to Python's
 * `repr` of the values they quote.
 */

/** Python's `repr()` of a JSON value, as Pydantic quotes expected values: `'user'`, `1`, `True`, `None`. */
export function pythonRepr(value: unknown): string {
  if (typeof value === "string") return reprString(value);
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return pythonNumber(value);
  return JSON.stringify(value);
}

/** Python's `str()` of a JSON value (how Pydantic prints a tag it could not match). */
export function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

function pythonNumber(value: number): string {
  // Like JavaScript's, except that Python writes at least two exponent digits (1e-07).
  return String(value).replace(/e([+-])(\d)$/, "e$10$2");
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === "\\") out += "\\\\";
    else if (char === quote) out += `\\${quote}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += char;
  }
  return out + quote;
}

/** `'a', 'b' or 'c'`: how Pydantic lists the values a literal accepts. */
export function expectedList(values: readonly unknown[]): string {
  const quoted = values.map(pythonRepr);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

/** A JSON type's Pydantic error code and the noun its message uses. */
export const typeErrors: Record<string, { type: string; noun: string }> = {
  string: { type: "string_type", noun: "a valid string" },
  integer: { type: "int_type", noun: "a valid integer" },
  number: { type: "float_type", noun: "a valid number" },
  boolean: { type: "bool_type", noun: "a valid boolean" },
  array: { type: "list_type", noun: "a valid list" },
  object: { type: "dict_type", noun: "a valid dictionary" },
  null: { type: "none_required", noun: "None" },
};

/** What Pydantic calls a model whose input is not an object (FastAPI validates with from_attributes). */
export const modelTypeError = {
  msg: "Input should be a valid dictionary or object to extract fields from",
  type: "model_attributes_type",
};

export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
