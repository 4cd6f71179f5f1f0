import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../src/", import.meta.url).pathname;

/** Every module of src/ and the modules of src/ it imports (type-only imports included). */
function graph(): Map<string, string[]> {
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((file) => file.endsWith(".ts"));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(src, file), "utf8");
    const targets = [...text.matchAll(/(?:import|export)[^;]*?from\s+"(\.[^"]+)"/g)].map((match) =>
      relative(src, resolve(dirname(join(src, file)), `${match[1]}.ts`)),
    );
    edges.set(file, targets);
  }
  return edges;
}

describe("the client's modules", () => {
  it("import each other without cycles", () => {
    const edges = graph();
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const target of edges.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, "done");
    };
    for (const file of edges.keys()) visit(file, []);
    expect(cycles).toEqual([]);
    expect(edges.size).toBeGreaterThan(10);
  });

  it("load nothing with import(): optional features come in through imports the user writes", () => {
    for (const [file] of graph()) {
      expect(readFileSync(join(src, file), "utf8"), file).not.toMatch(/\bimport\(/);
    }
  });
});
