import type { Style } from "./style";

/** Pretty JSON for a terminal: two-space indent, keys, strings and numbers in their own colours. */
export function jsonLines(value: unknown, style: Style): string[] {
  return JSON.stringify(value, null, 2)
    .split("\n")
    .map((line) =>
      line
        .replace(
          /^(\s*)("(?:[^"\\]|\\.)*")(: )?(.*)$/,
          (_all, indent: string, first: string, colon: string | undefined, rest: string) =>
            colon
              ? indent + style.cyan(first) + colon + colourScalar(rest, style)
              : indent + colourScalar(first + rest, style),
        )
        .replace(
          /^(\s*)(-?\d[\d.eE+-]*|true|false|null)(,?)$/,
          (_all, indent: string, scalar: string, comma: string) =>
            indent + colourScalar(scalar, style) + comma,
        ),
    );
}

function colourScalar(text: string, style: Style): string {
  const match = /^(.*?)(,?)$/.exec(text);
  const [body, comma] = [match?.[1] ?? text, match?.[2] ?? ""];
  if (body.startsWith('"')) return style.green(body) + comma;
  if (/^-?\d/.test(body)) return style.yellow(body) + comma;
  if (body === "true" || body === "false" || body === "null") return style.magenta(body) + comma;
  return text;
}
