// Nothing a user typed is lost: edits survive a reload, and resetting asks first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("edits are kept across a reload", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.typeAtEndOfLine("definition", 1, ' "Comment": "my edit",');
  await playground.replaceText("input", '{"orderId": "kept"}');
  await playground.page.reload();
  await playground.ready();
  assert.match(await playground.text("definition"), /"Comment": "my edit",/);
  assert.equal(await playground.text("input"), '{"orderId": "kept"}');
  await playground.close();
});

test("reset asks before replacing the user's text, and keeps it when declined", async () => {
  const playground = await Playground.open(env.browser, env.server.url);
  await playground.typeAtEndOfLine("definition", 1, ' "Comment": "precious",');
  let answer = false;
  const messages = [];
  playground.page.on("dialog", (dialog) => {
    messages.push(dialog.message());
    answer ? dialog.accept() : dialog.dismiss();
  });
  await playground.page.locator("[data-testid=reset]").click();
  assert.match(await playground.text("definition"), /precious/);
  answer = true;
  await playground.page.locator("[data-testid=reset]").click();
  assert.doesNotMatch(await playground.text("definition"), /precious/);
  assert.equal(messages.length, 2);
  assert.match(messages[0], /Reset the definition, input and mocks/);
  await playground.close();
});
