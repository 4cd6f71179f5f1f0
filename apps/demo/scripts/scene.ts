import { createImage, type RgbImage, setPixel } from "./png";

type Rgb = readonly [number, number, number];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

const SKY_TOP: Rgb = [38, 64, 139];
const SKY_HORIZON: Rgb = [250, 170, 110];
const SUN: Rgb = [255, 236, 170];
const FAR_RIDGE: Rgb = [104, 92, 150];
const NEAR_HILL: Rgb = [46, 92, 62];
const PINE: Rgb = [22, 58, 38];
const WATER: Rgb = [30, 58, 110];
const HULL: Rgb = [120, 52, 36];
const SAIL: Rgb = [245, 240, 228];

/**
 * A sunset over mountains and a lake, with pines on the shore and a sailing boat: a small picture with
 * the gradients, edges and objects of a photo, drawn deterministically so the sample can be rebuilt.
 */
export function drawScene(width = 192, height = 128): RgbImage {
  const image = createImage(width, height);
  const horizon = Math.round(height * 0.7);
  const sun = { x: width * 0.72, y: height * 0.42, r: height * 0.09 };
  const farRidge = (x: number) => height * 0.5 + 9 * Math.sin(x * 0.045) + 5 * Math.sin(x * 0.13 + 1);
  const nearHill = (x: number) => height * 0.62 + 6 * Math.sin(x * 0.028 + 2) + 3 * Math.sin(x * 0.09);

  const skyAt = (x: number, y: number): Rgb => {
    const base = mix(SKY_TOP, SKY_HORIZON, Math.min(1, Math.max(0, y / horizon)) ** 1.4);
    const d = Math.hypot(x - sun.x, y - sun.y);
    if (d <= sun.r) return SUN;
    return mix(base, SUN, Math.max(0, 1 - (d - sun.r) / (sun.r * 3)) ** 2 * 0.8);
  };

  for (let y = 0; y < horizon; y++) {
    for (let x = 0; x < width; x++) {
      let colour = skyAt(x, y);
      if (y >= farRidge(x)) colour = mix(FAR_RIDGE, SKY_HORIZON, 0.25 * (1 - (y - farRidge(x)) / 20));
      if (y >= nearHill(x)) colour = mix(NEAR_HILL, PINE, Math.min(1, (y - nearHill(x)) / 14));
      setPixel(image, x, y, colour);
    }
  }

  // The lake mirrors the sky, darker, with ripples and the sun's glitter path.
  for (let y = horizon; y < height; y++) {
    const depth = (y - horizon) / (height - horizon);
    for (let x = 0; x < width; x++) {
      const mirrored = skyAt(x, horizon - (y - horizon) * 1.6);
      let colour = mix(mirrored, WATER, 0.45 + depth * 0.4);
      const ripple = Math.sin(y * 1.9 + Math.sin(x * 0.21) * 1.5);
      if (ripple > 0.8) colour = mix(colour, [255, 255, 255], 0.12);
      const glitter = Math.abs(x - sun.x) < sun.r * (1 - depth * 0.5) && ripple > 0.3;
      if (glitter) colour = mix(colour, SUN, 0.7);
      setPixel(image, x, y, colour);
    }
  }

  for (const [baseX, size] of [
    [12, 26],
    [24, 20],
    [34, 30],
    [47, 18],
    [170, 22],
    [182, 28],
  ] as const) {
    drawPine(image, baseX, horizon + 2, size);
  }
  drawBoat(image, Math.round(width * 0.42), horizon + 14);
  return image;
}

function drawPine(image: RgbImage, baseX: number, baseY: number, size: number): void {
  for (let dy = 0; dy < size; dy++) {
    const halfWidth = Math.round((dy / size) * size * 0.3) + (dy % 6 > 3 ? 1 : 0);
    for (let dx = -halfWidth; dx <= halfWidth; dx++) {
      const shade = dx < 0 ? 1 : 0.75;
      setPixel(image, baseX + dx, baseY - size + dy, [PINE[0] * shade, PINE[1] * shade, PINE[2] * shade]);
    }
  }
  for (let dy = 0; dy < 3; dy++) setPixel(image, baseX, baseY + dy, [70, 45, 30]);
}

function drawBoat(image: RgbImage, x: number, y: number): void {
  for (let dy = 0; dy < 4; dy++) {
    for (let dx = -10 + dy; dx <= 10 - dy; dx++) setPixel(image, x + dx, y + dy, HULL);
  }
  for (let dy = 1; dy <= 16; dy++) {
    setPixel(image, x, y - dy, [60, 40, 30]);
    for (let dx = 1; dx <= Math.round((dy / 16) * 8); dx++) setPixel(image, x + dx, y - dy, SAIL);
  }
}
