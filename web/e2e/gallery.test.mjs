// The gallery: every example loads and runs to the outcome its explanation promises, and every
// "try this" suggestion, applied with its button, gives the outcome its text promises. The
// lessons come from dist/gallery.json, the file the page fetches on demand. Served under a
// sub-path, as on a docs site.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { dist, useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser("/docs/tools/playground/");

async function outcome(playground) {
  const page = playground.page;
  const status = await playground.status();
  const error = (await page.locator("[data-testid=error]").count()) ? await page.locator("[data-testid=error]").innerText() : null;
  const output = (await page.locator("[data-testid=output]").count()) ? await playground.output() : undefined;
  return { status, error, output, states: await playground.path() };
}

function check(name, expected, observed) {
  assert.equal(observed.status, expected.status, `${name}: status`);
  if (expected.error) assert.equal(observed.error, expected.error, `${name}: error`);
  if (expected.output !== undefined) assert.deepEqual(observed.output, expected.output, `${name}: output`);
  if (expected.states) assert.deepEqual(observed.states, expected.states, `${name}: states`);
}

test("every gallery example and suggestion keeps its promise in the browser", async () => {
  const lessons = JSON.parse(await readFile(join(dist, "gallery.json"), "utf8"));
  assert.ok(lessons.length >= 12);
  const playground = await Playground.open(env.browser, env.server.url);
  const page = playground.page;
  const loaded = () => page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
  assert.ok(!(await loaded()).some((name) => name.endsWith("gallery.json")), "the gallery is not part of the first load");
  await page.locator("[data-testid=gallery-button]").click();
  await page.locator("[data-testid=lesson-item]").first().waitFor();
  assert.equal(await page.locator("[data-testid=lesson-item]").count(), lessons.length);
  assert.ok((await loaded()).some((name) => name.endsWith("/docs/tools/playground/gallery.json")), "fetched on opening, under the sub-path");
  for (const lesson of lessons) {
    const open = async () => {
      await page.locator(`[data-testid=lesson-item][data-lesson="${lesson.id}"]`).click();
      await page.locator(`[data-testid=lesson][data-lesson="${lesson.id}"] [data-testid=lesson-open]`).click();
    };
    await open();
    await playground.run();
    check(lesson.id, lesson.expect, await outcome(playground));
    for (const [index, suggestion] of lesson.try.entries()) {
      await open();
      await page.locator(`[data-testid=lesson][data-lesson="${lesson.id}"] [data-testid=lesson-try][data-try="${index}"]`).click();
      await playground.run();
      check(`${lesson.id} try ${index + 1}`, suggestion.expect, await outcome(playground));
      if (lesson.id === "order-workflow" && index === 1) {
        // The classic trap: the run shows the lint that explains it.
        await playground.waitForProblem("whose message names \"PaymentFailedError\"");
        const problem = playground.problems().filter({ hasText: "PaymentFailedError" }).first();
        assert.match(await problem.innerText(), /error-name-in-message/);
      }
    }
  }
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});
