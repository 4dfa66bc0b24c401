// Storage (issue 16): nothing typed is lost when this browser's storage is full (the user is told,
// the text stays in the page, and saving resumes once there is room), and saved work that cannot
// be read does not stop the playground: it is set aside under a key of its own and the user told.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser } from "./fixtures/playground.mjs";
import { openWatched } from "./fixtures/security.mjs";

const env = useServerAndBrowser();
// Larger than anything a full storage still has room for.
const typedWhileFull = JSON.stringify({ typed: "while full", pad: "p".repeat(4000) });

/// Fills localStorage until it refuses, and returns the key it used (to free it again).
async function fillStorage(page) {
  return page.evaluate(() => {
    const chunk = "x".repeat(256 * 1024);
    let index = 0;
    for (;;) {
      try {
        localStorage.setItem(`filler-${index}`, chunk);
        index += 1;
      } catch (error) {
        if (error.name !== "QuotaExceededError") throw error;
        break;
      }
    }
    // Fill the rest with ever smaller pieces, so that not even a character fits.
    for (let size = 128 * 1024; size >= 1; size = Math.floor(size / 2)) {
      try {
        localStorage.setItem(`filler-${index}`, "x".repeat(size));
        index += 1;
      } catch (_) {
        // Next, smaller.
      }
    }
    return index;
  });
}

async function freeStorage(page) {
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith("filler-")) localStorage.removeItem(key);
  });
}

test("a full storage: the user is told, the text stays in the page, saving resumes", async () => {
  const playground = await openWatched(env.browser, env.server.url);
  const page = playground.page;
  const notice = page.locator("[data-testid=storage-notice][data-kind=quota]");
  await playground.replaceText("input", '{"saved": "before"}');
  assert.equal(await notice.count(), 0, "no notice while storage has room");

  const pieces = await fillStorage(page);
  assert.ok(pieces > 0);
  await playground.typeAtEndOfLine("definition", 1, ' "Comment": "typed while full",');
  await playground.replaceText("input", typedWhileFull);
  await notice.waitFor({ timeout: 5000 });
  assert.match(await notice.innerText(), /not saved in this browser: its storage is full.*still here in the page/s);
  // Nothing typed is lost in the open page: the editors hold it, a run uses it, a share link carries it.
  assert.match(await playground.text("definition"), /typed while full/);
  assert.equal(await playground.text("input"), typedWhileFull);
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-playground.input")), '{"saved": "before"}', "not saved while full");
  await playground.run();
  assert.equal(await playground.status(), "SUCCEEDED");
  await page.locator("[data-testid=share]").click();
  assert.match(await page.locator("[data-testid=share-link]").inputValue(), /#s=/);
  assert.deepEqual(playground.consoleErrors, []);

  // Room again: the next change saves everything, and the notice goes.
  await freeStorage(page);
  // (Typed through the editors' own API: the long input line covers the panes.)
  for (const name of ["definition", "input"]) {
    await page.evaluate((name) => {
      const view = document.querySelector(`[data-testid=${name}-editor]`).aslEditor;
      view.dispatch({ changes: { from: view.state.doc.length, insert: " " } });
    }, name);
  }
  await notice.waitFor({ state: "detached", timeout: 5000 });
  await page.reload();
  await playground.ready();
  assert.match(await playground.text("definition"), /typed while full/);
  assert.equal(await playground.text("input"), `${typedWhileFull} `);
  await playground.close();
});

test("a save that throws QuotaExceededError is reported, for every editor", async () => {
  const playground = await openWatched(env.browser, env.server.url);
  const page = playground.page;
  await page.evaluate(() => {
    const real = Storage.prototype.setItem;
    window.__restoreSetItem = () => {
      Storage.prototype.setItem = real;
    };
    Storage.prototype.setItem = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await playground.replaceText("mocks", '{"typed": "mocks while full"}');
  const notice = page.locator("[data-testid=storage-notice][data-kind=quota]");
  await notice.waitFor({ timeout: 5000 });
  assert.equal(await playground.text("mocks"), '{"typed": "mocks while full"}');
  // Saving named workspaces fails too, and says so.
  await page.locator("[data-testid=workspace-menu]").click();
  playground.watch.answers.push("Kept in the page");
  await page.locator("[data-testid=workspace-save-as]").click();
  await page.locator("[data-testid=storage-notice][data-kind=workspaces]").waitFor({ timeout: 5000 });
  assert.equal(await playground.text("mocks"), '{"typed": "mocks while full"}');
  await page.evaluate(() => window.__restoreSetItem());
  await playground.typeAtEndOfLine("mocks", 1, " ");
  await notice.waitFor({ state: "detached", timeout: 5000 });
  await playground.close();
});

test("damaged saved workspaces are set aside, the user told, and the playground starts", async () => {
  const garbage = '{"My work": {"definition": 5, "input": [}, \u0000 not JSON';
  const storage = {
    "asl-playground.workspaces": garbage,
    "asl-playground.workspace": '"><img src=x onerror=__pwned("current")>',
    "asl-playground.definition": '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}',
    "asl-playground.input": "\u0000\uffff{ not json",
    "asl-playground.mocks": "[[[",
  };
  const playground = await openWatched(env.browser, env.server.url, { storage });
  const page = playground.page;
  const notice = page.locator("[data-testid=storage-notice][data-kind=damaged]");
  await notice.waitFor({ timeout: 5000 });
  assert.match(await notice.innerText(), /could not be read.*asl-playground\.workspaces\.damaged/s);
  // Set aside, byte for byte, and no longer where the app reads its workspaces.
  const kept = await page.evaluate(() => ({
    aside: localStorage.getItem("asl-playground.workspaces.damaged"),
    workspaces: localStorage.getItem("asl-playground.workspaces"),
  }));
  assert.equal(kept.aside, garbage);
  assert.equal(kept.workspaces, null);
  // The editors show what was saved, as text: damaged text in an editor is the user's to fix.
  assert.equal(await playground.text("input"), storage["asl-playground.input"]);
  assert.equal(await playground.text("mocks"), "[[[");
  await playground.run();
  assert.match(await page.locator("[data-testid=status], [data-testid=run-problem]").first().innerText(), /\S/);
  // The workspace menu still works, and saving workspaces again does not touch what was set aside.
  await page.locator("[data-testid=workspace-menu]").click();
  playground.watch.answers.push("Fresh");
  await page.locator("[data-testid=workspace-save-as]").click();
  await page.waitForFunction(() => localStorage.getItem("asl-playground.workspaces") !== null);
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-playground.workspaces.damaged")), garbage);
  assert.ok(JSON.parse(await page.evaluate(() => localStorage.getItem("asl-playground.workspaces"))).Fresh);
  assert.deepEqual(await page.evaluate(() => window.__pwnedLog), []);

  // Damaged again on a later visit: a second key, the first one kept.
  await page.evaluate(() => localStorage.setItem("asl-playground.workspaces", "[1, 2"));
  await page.reload();
  await playground.ready();
  await notice.waitFor({ timeout: 5000 });
  assert.match(await notice.innerText(), /asl-playground\.workspaces\.damaged\.2/);
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-playground.workspaces.damaged")), garbage);
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-playground.workspaces.damaged.2")), "[1, 2");
  await playground.close();
});
