// A user breaks the definition while typing and is shown where and why, live.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("broken JSON is reported at its line, and fixing it clears the problem", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  // Line 4 is `"ProcessPayment": {`; a stray comma after the brace breaks the JSON there.
  await playground.typeAtEndOfLine("definition", 4, ",");
  await playground.waitForProblem("Definition 4:");
  const problem = playground.problems().first();
  assert.match(await problem.innerText(), /Definition 4:\d+/);
  assert.match(await problem.innerText(), /invalid-json/);
  assert.equal(await playground.page.locator("[data-testid=definition-editor] .cm-lint-marker-error").count() > 0, true);
  await playground.page.keyboard.press("Backspace");
  await playground.waitForNoProblems();
  await playground.close();
});

test("a misspelled Next gets a suggestion, and clicking the problem moves the cursor there", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  const definition = await playground.text("definition");
  await playground.replaceText("definition", definition.replace('"Next": "UpdateInventory"', '"Next": "UpdateInventry"'));
  await playground.waitForProblem("UpdateInventry");
  const text = await playground.problems().first().innerText();
  assert.match(text, /did you mean "UpdateInventory"\?/);
  const expectedLine = definition.split("\n").findIndex((line) => line.includes('"Next": "UpdateInventory"')) + 1;
  await playground.problems().first().locator("button").click();
  assert.equal(await playground.cursorLine("definition"), expectedLine);
  await playground.close();
});
