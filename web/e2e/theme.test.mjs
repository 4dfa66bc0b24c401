// Light and dark themes: the page follows the system's colour scheme until the theme button is
// pressed; the choice is kept, and the page, the editors and the graph all follow it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

const LIGHT = { page: "rgb(247, 248, 250)", panel: "rgb(255, 255, 255)", graph: "rgb(255, 255, 255)", property: "rgb(26, 79, 156)" };
const DARK = { page: "rgb(20, 23, 28)", panel: "rgb(28, 32, 39)", graph: "rgb(28, 32, 39)", property: "rgb(138, 180, 248)" };

/// The computed colours of the page, the definition editor (gutter, text, a field name) and the
/// graph's canvas.
async function colours(page) {
  await page.locator("[data-testid=graph] .asl-graph .canvas").waitFor();
  return page.evaluate(() => {
    const style = (selector) => getComputedStyle(document.querySelector(selector));
    return {
      page: style("body").backgroundColor,
      gutter: style("[data-testid=definition-editor] .cm-gutters").backgroundColor,
      editor: style("[data-testid=definition-editor] .cm-editor").backgroundColor,
      property: style("[data-testid=definition-editor] .tok-propertyName").color,
      graph: style("[data-testid=graph] .asl-graph .canvas").fill,
      node: style("[data-testid=graph] .asl-graph .node rect").fill,
      pressed: document.querySelector("[data-testid=theme-toggle]").getAttribute("aria-pressed"),
    };
  });
}

function expect(seen, theme, pressed, why) {
  assert.equal(seen.page, theme.page, `${why}: page background`);
  assert.equal(seen.gutter, theme.page, `${why}: editor gutter`);
  assert.equal(seen.editor, theme.panel, `${why}: editor background`);
  assert.equal(seen.property, theme.property, `${why}: a field name in the editor`);
  assert.equal(seen.graph, theme.graph, `${why}: graph canvas`);
  assert.equal(seen.pressed, pressed, `${why}: the toggle's state`);
}

test("the system's dark scheme is followed, and the toggle's light choice is kept", async () => {
  const playground = await Playground.open(env.browser, env.server.url, { colorScheme: "dark" });
  const page = playground.page;
  const dark = await colours(page);
  expect(dark, DARK, "true", "system dark");
  await page.locator("[data-testid=theme-toggle]").click();
  const light = await colours(page);
  expect(light, LIGHT, "false", "toggled to light");
  assert.notEqual(light.node, dark.node, "graph states change colour too");
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-playground.theme")), "light");
  await page.reload();
  await playground.ready();
  expect(await colours(page), LIGHT, "false", "light kept after a reload, the system still dark");
  assert.deepEqual(playground.consoleErrors, []);
  await playground.close();
});

test("the system's light scheme is followed, and the toggle, by keyboard, switches to dark", async () => {
  const playground = await Playground.open(env.browser, env.server.url, { colorScheme: "light" });
  const page = playground.page;
  expect(await colours(page), LIGHT, "false", "system light");
  await page.locator("[data-testid=theme-toggle]").focus();
  await page.keyboard.press("Enter");
  expect(await colours(page), DARK, "true", "toggled to dark");
  await page.keyboard.press("Space");
  expect(await colours(page), LIGHT, "false", "and back to light");
  await playground.close();
});
