// Embeds: the docs-like page in dist/ shows two embedded playgrounds, one given its workspace
// by URL fragment and one by postMessage; both run the order workflow. Embeds never write the
// visitor's saved work. Served under a sub-path, as on a docs site.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser } from "./fixtures/playground.mjs";

const env = useServerAndBrowser("/docs/guide/playground/");

async function runIn(frame) {
  await frame.locator("body[data-ready=true]").waitFor({ timeout: 15000 });
  await frame.locator("[data-testid=run]").click();
  await frame.locator("[data-testid=status]").waitFor({ timeout: 20000 });
  return {
    status: await frame.locator("[data-testid=status]").innerText(),
    path: await frame.locator("[data-testid=path] li").allInnerTexts(),
  };
}

test("the embed page runs the order workflow in two embeds", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(`${env.server.url}embed-demo.html`);
  await page.waitForSelector("body[data-declined-loaded=true]", { timeout: 20000 });
  const success = page.frameLocator("[data-testid=embed-success]");
  const declined = page.frameLocator("[data-testid=embed-declined]");
  assert.equal(await success.locator("body.embed").count(), 1, "compact layout");
  // The first embed's workspace came in its URL fragment.
  await success.locator("body[data-shared=true]").waitFor({ timeout: 15000 });
  const inputText = await success
    .locator("[data-testid=input-editor]")
    .evaluate((element) => element.aslEditor.state.doc.toString());
  assert.match(inputText, /docs-42/);
  assert.equal(await success.locator("[data-testid=problems]").isVisible(), false);
  assert.equal(await success.locator("[data-testid=open-full]").count(), 1);
  // The first embed is read-only: typing leaves its definition as the page gave it.
  const definitionText = () =>
    success.locator("[data-testid=definition-editor]").evaluate((element) => element.aslEditor.state.doc.toString());
  const given = await definitionText();
  await success.locator("[data-testid=definition-editor] .cm-content").click();
  await page.keyboard.insertText("typed");
  assert.equal(await definitionText(), given);
  assert.deepEqual(await runIn(success), { status: "SUCCEEDED", path: ["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess"] });
  assert.deepEqual(await runIn(declined), { status: "SUCCEEDED", path: ["ProcessPayment", "NotifyPaymentFailure"] });
  const saved = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("asl-playground.")));
  assert.deepEqual(saved, [], "embeds keep nothing in the visitor's storage");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an embed ignores messages that are not a workspace or not from its parent's origin", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}index.html?embed&origin=https://docs.example`);
  await page.waitForSelector("body[data-ready=true]");
  const before = await page.evaluate(() => document.querySelector("[data-testid=definition-editor]").aslEditor.state.doc.toString());
  // From the page itself (not its parent), from the wrong origin, and of the wrong shape.
  // Messages arrive in order: once the last one reached the page, the embed has seen the others.
  await page.evaluate(
    () =>
      new Promise((done) => {
        window.addEventListener("message", (event) => event.data === "done" && done());
        window.postMessage({ type: "asl-playground:load", definition: "<img src=x onerror=alert(1)>" }, "*");
        window.postMessage({ type: "asl-playground:load", definition: 42 }, "*");
        window.postMessage("done", "*");
      }),
  );
  const after = await page.evaluate(() => document.querySelector("[data-testid=definition-editor]").aslEditor.state.doc.toString());
  assert.equal(after, before);
  await context.close();
});
