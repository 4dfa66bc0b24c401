// Accessibility: an axe-core scan (web/node_modules/axe-core, pinned in package.json) of the main
// page in both themes, the gallery open, a finished run, the debugger stepping and the embed
// mode finds no serious or critical violation; and Tab reaches every control on the page, each
// with an accessible name (an editor is left with Escape, then Tab, as CodeMirror documents).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot, useServerAndBrowser, Playground, selectExample } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();
const axeSource = await readFile(join(repoRoot, "web/node_modules/axe-core/axe.min.js"), "utf8");

/// Runs axe on the page as it is; fails with every serious or critical violation, where.
async function scan(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 6).map((node) => `${node.target.join(" ")} (${node.failureSummary.split("\n").slice(1, 2).join("").trim()})`),
    }));
  });
  const others = violations.filter((violation) => !["serious", "critical"].includes(violation.impact));
  if (others.length) console.log(`${what}: minor or moderate: ${others.map((violation) => violation.id).join(", ")}`);
  const bad = violations.filter((violation) => ["serious", "critical"].includes(violation.impact));
  assert.deepEqual(bad.map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n  ${violation.nodes.join("\n  ")}`), [], `${what}: axe`);
  console.log(`${what}: no serious or critical violation`);
}

test("axe: main page (light and dark), gallery, finished run, debugger", async () => {
  const playground = await Playground.open(env.browser, env.server.url, { colorScheme: "light" });
  const page = playground.page;
  await scan(page, "main page, light");
  await page.locator("[data-testid=theme-toggle]").click();
  await scan(page, "main page, dark");
  await page.locator("[data-testid=theme-toggle]").click();

  await page.locator("[data-testid=gallery-button]").click();
  await page.locator("[data-testid=lesson-item]").first().waitFor();
  await scan(page, "gallery open");
  await page.keyboard.press("Escape");
  if (await page.locator("[data-testid=lesson-item]").count()) await page.locator(".gallery .close").click();

  await selectExample(page, "order-payment-failed");
  await playground.run();
  await page.locator("[data-testid=history]").waitFor();
  await scan(page, "finished run (payment declined, caught)");

  await playground.debug();
  await playground.step();
  await playground.step();
  await scan(page, "debugger, stepping");
  await page.locator("[data-testid=theme-toggle]").click();
  await scan(page, "debugger, stepping, dark");
  await playground.close();
});

test("axe: the first-visit tour, light and dark", async () => {
  const playground = await Playground.open(env.browser, env.server.url, { tour: true });
  await playground.page.locator("[data-testid=tour]").waitFor();
  await scan(playground.page, "tour");
  await playground.page.locator("[data-testid=theme-toggle]").click();
  await scan(playground.page, "tour, dark");
  await playground.close();
});

test("axe: embed mode", async () => {
  const playground = await Playground.open(env.browser, `${env.server.url}?embed`);
  await scan(playground.page, "embed");
  await playground.run();
  await scan(playground.page, "embed, after a run");
  await playground.page.locator("[data-testid=theme-toggle]").click();
  await scan(playground.page, "embed, after a run, dark");
  await playground.close();
});

/// The accessible name of the focused element, as far as a test can tell without a screen
/// reader: aria-label(ledby), its labels, its text, its title.
function focused() {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const byIds = (element.getAttribute("aria-labelledby") || "")
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent || "")
    .join(" ");
  const labels = element.labels ? Array.from(element.labels, (label) => label.textContent).join(" ") : "";
  const name = [element.getAttribute("aria-label"), byIds, labels, element.tagName === "INPUT" ? "" : element.textContent, element.title]
    .map((text) => (text || "").trim())
    .find((text) => text.length > 0);
  return {
    key: element.dataset.testid || element.getAttribute("aria-label") || element.id || `${element.tagName}:${(element.textContent || "").trim().slice(0, 30)}`,
    name: name || "",
    editor: element.classList.contains("cm-content"),
  };
}

/// Tabs through the page from its top and checks that every visible, enabled control outside
/// the editors' own internals is reached, and that each focused element has a name.
async function tabWalk(page, what) {
  const controls = await page.evaluate(() =>
    Array.from(document.querySelectorAll("button, select, input, textarea, summary, a[href], [tabindex='0'], .cm-content"))
      .filter((element) => !element.disabled && element.checkVisibility() && !element.closest(".cm-gutters, .cm-panels"))
      .filter((element) => !element.closest("details:not([open])") || element.tagName === "SUMMARY")
      .map((element) => element.dataset.testid || element.getAttribute("aria-label") || element.id || `${element.tagName}:${(element.textContent || "").trim().slice(0, 30)}`),
  );
  assert.ok(controls.length > 15, `${what}: found ${controls.length} controls`);
  const reached = new Map();
  const missing = () => [...new Set(controls)].filter((key) => !reached.has(key));
  await page.evaluate(() => document.activeElement?.blur());
  for (let press = 0; press < controls.length + 60 && missing().length > 0; press++) {
    const before = await page.evaluate(focused);
    if (before?.editor) await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    const now = await page.evaluate(focused);
    if (now) reached.set(now.key, now.name);
  }
  assert.deepEqual(missing(), [], `${what}: controls Tab never reached`);
  const nameless = [...reached].filter(([, name]) => !name).map(([key]) => key);
  assert.deepEqual(nameless, [], `${what}: focusable elements without an accessible name`);
  console.log(`${what}: Tab reached ${reached.size} controls, each named`);
}

test("Tab reaches every control, each with a name: after a run, with the gallery open, in the debugger", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const page = playground.page;
  await playground.run();
  await tabWalk(page, "finished run");
  await page.locator("[data-testid=gallery-button]").click();
  await page.locator("[data-testid=lesson-item]").first().waitFor();
  await tabWalk(page, "gallery open");
  await page.locator(".gallery .close").click();
  await playground.debug();
  await playground.step();
  await tabWalk(page, "debugger");
  await playground.close();
});
