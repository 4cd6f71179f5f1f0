import { ajvGenerator } from "./ajv";
import type { Generator } from "./generator";
import { knownValuesGenerator } from "./known-values";
import { typesGenerator } from "./types";
import { zodGenerator } from "./zod";

/** Every generator `pnpm generate` runs, in order. Add new ones here. */
export const generators: readonly Generator[] = [
  typesGenerator,
  ajvGenerator,
  zodGenerator,
  knownValuesGenerator,
];
