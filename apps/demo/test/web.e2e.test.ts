import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { knownModels } from "@vlmchat/validation";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePath } from "../src/samples";
import { startWebDemo, type WebDemo } from "../src/web/web-demo";

// Debian's Chromium, installed by .ci/run; no test tool downloads a browser.
const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = fileURLToPath(new URL("../test-results/e2e.png", import.meta.url));
const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && process.env.CI) {
  describe("web demo in Chromium", () => {
    it("needs Debian's chromium at /usr/bin/chromium", () => {
      throw new Error(`${CHROMIUM} is missing: CI must install it (.ci/run: apt-get install -y chromium)`);
    });
  });
}

describe.skipIf(!haveChromium)(
  `web demo in Chromium${haveChromium ? "" : ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`}`,
  { timeout: 90_000 },
  () => {
    let demo: WebDemo;
    let context: BrowserContext;
    let page: Page;
    let profile: string;

    beforeAll(async () => {
      // A visible stream: 20 ms between chunks makes an answer take about a second.
      demo = await startWebDemo({ sessions: "temp", forceMock: true, latencyMs: 20 });
      profile = mkdtempSync(join(tmpdir(), "vlmchat-demo-chromium-"));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 800 },
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-quic",
        ],
      });
      page = context.pages()[0] ?? (await context.newPage());
    }, 90_000);

    afterAll(async () => {
      await context?.close();
      await demo?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    /** Sends what is in the composer and waits for the answer to finish; returns its text and lengths seen while it grew. */
    async function send(prompt: string): Promise<{ text: string; lengths: number[] }> {
      const answers = page.locator("li.message.assistant");
      const before = await answers.count();
      await page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { seen: number[] }).seen = seen;
        new MutationObserver(() => {
          const last = [...document.querySelectorAll("li.message.assistant .text")].at(-1);
          if (last?.textContent) seen.push(last.textContent.length);
        }).observe(document.getElementById("messages")!, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      });
      await page.fill("#prompt", prompt);
      await page.click("#send");
      const answer = answers.nth(before);
      await answer.locator(".meta").waitFor({ timeout: 30_000 });
      expect(await answer.getAttribute("class")).not.toContain("failed");
      const text = (await answer.locator(".text").textContent()) ?? "";
      const lengths = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
      return { text, lengths };
    }

    it("attaches the sample image, streams the answer, continues the session, and fills the JSON panel", async () => {
      await page.goto(demo.url);
      await page.locator("body[data-ready=true]").waitFor();
      await expect.poll(() => page.locator("#backend").textContent()).toBe("embedded mock server");
      expect(await page.locator("#model").inputValue()).toBe("vlmrun-orion-1:fast");
      expect(await page.locator("#model option").count()).toBe(knownModels.length);

      // 1. The picture, with its thumbnail, then a streamed answer that grows.
      await page.setInputFiles("#file-input", samplePath("scene.png"));
      const thumb = page.locator("#attachments li.thumb img");
      await thumb.waitFor();
      expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);
      const first = await send("What do you see in this picture?");
      expect(first.text).toContain("an image (image/png, 10626 bytes, 192×128 pixels");
      const partial = new Set(first.lengths.filter((length) => length > 0 && length < first.text.length));
      expect(partial.size).toBeGreaterThanOrEqual(2);
      expect(await page.locator("li.message.user .thumbs img").count()).toBe(1);
      const sessionId = await page.locator("#session").getAttribute("data-session-id");
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);

      // 2. A follow-up on the same session: the server recalls the first turn.
      const second = await send("And what did I ask you before?");
      expect(second.text).toContain(
        "This session has 1 earlier turn; the previous one said “What do you see in this picture?”",
      );
      expect(await page.locator("#session").getAttribute("data-session-id")).toBe(sessionId);

      // 3. A structured answer from the receipt: the JSON panel shows the validated object.
      await page.selectOption("#format", "receipt");
      await page.setInputFiles("#file-input", samplePath("receipt.pdf"));
      await page.locator("#attachments li.thumb .kind", { hasText: "PDF" }).waitFor();
      const third = await send("Extract this receipt.");
      const json = JSON.parse(third.text);
      expect(Object.keys(json)).toEqual([
        "merchant",
        "date",
        "currency",
        "items",
        "subtotal",
        "tax",
        "total",
      ]);
      await expect
        .poll(() => page.locator("#json-status").textContent())
        .toBe("· valid against the receipt schema");
      expect(JSON.parse((await page.locator("#json-panel").textContent()) ?? "")).toEqual(json);

      // 4. An image the agent made: the answer names img_…, and the page shows its bytes (fetched with
      // client.artifacts through the app server's artifact relay).
      await page.selectOption("#format", "text");
      await page.selectOption("#toolsets", "image-gen");
      const fourth = await send("Draw a lighthouse at dusk.");
      const id = /\bimg_\w{6}\b/.exec(fourth.text)?.[0];
      expect(id).toBeDefined();
      const drawn = page.locator(`li.message.assistant img.artifact[data-artifact="${id}"]`);
      await drawn.waitFor({ timeout: 30_000 });
      await expect
        .poll(() => drawn.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);

      mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    });
  },
);
