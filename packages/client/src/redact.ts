/** `headers`, or a copy with `secret` cut out of the values when one carries it. */
export function redactHeaders(headers: Headers, secret: string | undefined): Headers {
  const clean = new Headers();
  let echoed = false;
  headers.forEach((value, name) => {
    const safe = redact(value, secret);
    echoed ||= safe !== value;
    clean.append(name, safe);
  });
  return echoed ? clean : headers;
}

/** `value` with every occurrence of `secret` replaced, for strings and JSON values. */
export function redact<T>(value: T, secret: string | undefined): T {
  if (!secret || value == null) return value;
  const isText = typeof value === "string";
  const text = isText ? (value as string) : JSON.stringify(value);
  if (!text?.includes(secret)) return value;
  const clean = text.split(secret).join("[redacted]");
  return isText ? (clean as T) : JSON.parse(clean);
}
