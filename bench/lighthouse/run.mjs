// Lighthouse (mobile, default throttling) and axe-core on each public page, with the system
// Chromium (CHROME_PATH); prints one line per page beside the issue 15 targets.
//   node run.mjs http://127.0.0.1:8121/boards/x/ http://…
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const chrome = process.env.CHROME_PATH || "/usr/bin/chromium";
const browser = await puppeteer.launch({
  executablePath: chrome, headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
});
const port = new URL(browser.wsEndpoint()).port;
let failed = 0;
for (const url of process.argv.slice(2)) {
  const result = await lighthouse(url, {
    port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"],
  });
  const lhr = result.lhr;
  const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
  const perf = Math.round(lhr.categories.performance.score * 100);
  const a11y = Math.round(lhr.categories.accessibility.score * 100);
  const lcp = audit("largest-contentful-paint") / 1000;
  const tbt = audit("total-blocking-time");
  const cls = audit("cumulative-layout-shift");
  const dom = lhr.audits["dom-size"]?.numericValue ?? NaN;
  const bytes = (lhr.audits["network-requests"]?.details?.items || [])
    .filter((r) => r.resourceType === "Document").reduce((n, r) => n + (r.transferSize || 0), 0);
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => (await window.axe.run()).violations.map((v) => v.id));
  await page.close();
  const ok = perf >= 95 && lcp <= 1.2 && tbt <= 150 && cls === 0 && a11y === 100 && axe.length === 0;
  if (!ok) failed += 1;
  console.log(`${ok ? "met    " : "NOT met"} ${url}\n  performance ${perf} (≥95)  LCP ${lcp.toFixed(2)} s (≤1.2)  ` +
    `TBT ${tbt.toFixed(0)} ms (≤150)  CLS ${cls} (0)  accessibility ${a11y} (100)  ` +
    `axe violations ${axe.length}${axe.length ? " " + axe.join(",") : ""} (0)  DOM elements ${dom}  ` +
    `HTML transferred ${(bytes / 1024).toFixed(1)} KB` +
    (lhr.runtimeError ? `\n  Lighthouse error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}` : "") +
    Object.values(lhr.audits).filter((a) => a.errorMessage && ["largest-contentful-paint", "total-blocking-time"]
      .includes(a.id)).map((a) => `\n  ${a.id}: ${a.errorMessage}`).join(""));
}
await browser.close();
process.exit(failed ? 1 : 0);
