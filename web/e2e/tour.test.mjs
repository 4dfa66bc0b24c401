// The first-visit tour: shown once to a new visitor (never in an embed), it walks through edit,
// run, make the payment fail and see why; skipping or finishing it ends it for good. Its code is
// a chunk of its own that a returning visitor never downloads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

async function tourStep(page) {
  const tour = page.locator("[data-testid=tour]");
  await tour.waitFor({ timeout: 10000 });
  return { step: Number(await tour.getAttribute("data-step")), title: await tour.locator("h2").innerText() };
}

/// After a reload, once the page is ready and quiet: whether the tour came back.
async function tourAfterReload(playground) {
  await playground.page.reload();
  await playground.ready();
  await playground.page.waitForLoadState("networkidle");
  return playground.page.locator("[data-testid=tour]").count();
}

test("a first visit shows the tour; Next walks edit, run, payment failure and why; Finish ends it for good", async () => {
  const playground = await Playground.open(env.browser, env.server.url, { tour: true });
  const page = playground.page;
  const next = page.locator("[data-testid=tour-next]");
  assert.deepEqual(await tourStep(page), { step: 1, title: "1. Edit the state machine" });
  assert.equal(await page.locator("[data-testid=definition-editor].tour-target").count(), 1, "the editor is pointed at");
  await next.click();
  assert.equal((await tourStep(page)).step, 2);
  assert.equal(await page.locator("[data-testid=run].tour-target").count(), 1);
  await next.click();
  await page.locator("[data-testid=status]").waitFor({ timeout: 20000 });
  assert.equal(await playground.status(), "SUCCEEDED");
  assert.deepEqual(await playground.path(), ["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess"]);
  assert.deepEqual(await tourStep(page), { step: 3, title: "3. Make the payment fail" });
  await next.click();
  await page.locator("[data-testid=path] li", { hasText: "NotifyPaymentFailure" }).waitFor({ timeout: 20000 });
  assert.deepEqual(await tourStep(page), { step: 4, title: "4. See why" });
  assert.deepEqual(await playground.path(), ["ProcessPayment", "NotifyPaymentFailure"], "the Catch path");
  const events = await page.locator("[data-testid=history]").innerText();
  assert.match(events, /LambdaFunctionFailed\t.*PaymentFailedError: insufficient funds/, "the failure, its error and cause");
  assert.equal(await page.locator("[data-testid=graph].tour-target").count(), 1);
  assert.equal(await next.innerText(), "Finish");
  await next.click();
  assert.equal(await page.locator("[data-testid=tour]").count(), 0);
  assert.equal(await page.locator(".tour-target").count(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-playground.tour")), "finished");
  assert.equal(await tourAfterReload(playground), 0, "never shown again once finished");
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});

test("Skip ends the tour for good, Escape too; an embed never shows it", async () => {
  let playground = await Playground.open(env.browser, env.server.url, { tour: true });
  await tourStep(playground.page);
  await playground.page.locator("[data-testid=tour-skip]").click();
  assert.equal(await playground.page.locator("[data-testid=tour]").count(), 0);
  assert.equal(await playground.page.evaluate(() => localStorage.getItem("asl-playground.tour")), "dismissed");
  assert.equal(await tourAfterReload(playground), 0, "never shown again once skipped");
  await playground.close();

  playground = await Playground.open(env.browser, env.server.url, { tour: true });
  await tourStep(playground.page);
  await playground.page.locator("[data-testid=tour-next]").focus();
  await playground.page.keyboard.press("Escape");
  assert.equal(await playground.page.locator("[data-testid=tour]").count(), 0);
  assert.equal(await tourAfterReload(playground), 0, "never shown again once dismissed with Escape");
  await playground.close();

  playground = await Playground.open(env.browser, `${env.server.url}?embed`, { tour: true });
  await playground.page.waitForLoadState("networkidle");
  assert.equal(await playground.page.locator("[data-testid=tour]").count(), 0, "no tour in an embed");
  assert.equal(await playground.page.evaluate(() => localStorage.getItem("asl-playground.tour")), null);
  await playground.close();
});
