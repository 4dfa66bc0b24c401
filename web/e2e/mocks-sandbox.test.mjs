// The mocks sandbox (issue 16): a mock written as code, JavaScript or Python, cannot navigate the
// page, open a window or reach the network, by any door a Worker has. Every attempt aims at a
// server of the test's own, which must see no request at all; the page stays where it was, with
// no new window, and the run goes on with the mock's report of what was refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

// The outside world: counts every request that reaches it.
const outside = { server: null, url: "", hits: [] };
before(async () => {
  outside.server = createServer((request, response) => {
    outside.hits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { "access-control-allow-origin": "*", "content-type": "text/plain" }).end("reached");
  });
  await new Promise((done) => outside.server.listen(0, "127.0.0.1", done));
  outside.url = `http://127.0.0.1:${outside.server.address().port}/`;
});
after(() => new Promise((done) => outside.server.close(done)));

const definition = JSON.stringify({
  StartAt: "Escape",
  States: { Escape: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "f" }, End: true } },
});

async function open() {
  const playground = await Playground.open(env.browser, env.server.url);
  const watch = { popups: [], navigations: [], dialogs: [] };
  playground.page.context().on("page", (page) => watch.popups.push(page.url()));
  playground.page.on("dialog", (dialog) => {
    watch.dialogs.push(dialog.message());
    dialog.accept();
  });
  playground.page.on("framenavigated", (frame) => watch.navigations.push(frame.url()));
  playground.watch = watch;
  await playground.replaceText("definition", definition);
  await playground.replaceText("input", "{}");
  return playground;
}

async function runAndReport(playground, mocks, timeout = 30000) {
  await playground.replaceText("mocks", mocks);
  await playground.page.locator("[data-testid=run]").click();
  await playground.page.locator("[data-testid=status], [data-testid=run-problem]").first().waitFor({ timeout });
  if (await playground.page.locator("[data-testid=run-problem]").count()) {
    assert.fail(await playground.page.locator("[data-testid=run-problem]").innerText());
  }
  assert.equal(await playground.status(), "SUCCEEDED");
  return playground.output();
}

async function assertContained(playground, what) {
  // Anything sent would have had time to arrive while the run finished; give it a little more.
  await playground.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  assert.deepEqual(outside.hits, [], `${what}: requests reached the outside server`);
  assert.deepEqual(playground.watch.popups, [], `${what}: windows opened`);
  assert.deepEqual(playground.watch.navigations, [], `${what}: the page navigated`);
  assert.equal(new URL(playground.page.url()).href.split("#")[0], env.server.url, `${what}: the page moved`);
}

test("a JavaScript mock cannot navigate the page, open a window or reach the network", async () => {
  outside.hits.length = 0;
  const playground = await open();
  const mocks = `
const out = ${JSON.stringify(outside.url)};
const tries = {
  "location.href": () => { self.location.href = out + "location"; },
  "location =": () => { self.location = out + "location-assign"; },
  "location.assign": () => self.location.assign(out + "assign"),
  "top.location": () => { top.location = out + "top"; },
  "parent.location": () => { parent.location.href = out + "parent"; },
  "window.open": () => open(out + "open"),
  "self.window": () => self.window.open(out + "window"),
  "clients.openWindow": () => clients.openWindow(out + "clients"),
  "postMessage to the page": () => postMessage({ navigate: out + "message" }),
  fetch: () => fetch(out + "fetch"),
  "fetch via prototype": () => Object.getPrototypeOf(self).fetch.call(self, out + "proto"),
  XMLHttpRequest: () => { const x = new XMLHttpRequest(); x.open("GET", out + "xhr", false); x.send(); },
  WebSocket: () => new WebSocket(out.replace("http", "ws") + "ws"),
  EventSource: () => new EventSource(out + "sse"),
  sendBeacon: () => { if (!navigator.sendBeacon(out + "beacon", "x")) throw new Error("refused"); },
  FontFace: () => new FontFace("x", "url(" + out + "font)").load(),
  "self.fonts": () => { self.fonts.add(new FontFace("y", "url(" + out + "fonts)")); return self.fonts.load("12px y"); },
  importScripts: () => importScripts(out + "import.js"),
  "Worker": () => new Worker(out + "worker.js"),
  "Function import": () => new Function("return imp" + "ort(" + JSON.stringify(out + "fn.js") + ")")(),
  WebTransport: () => new WebTransport(out.replace("http", "https") + "wt"),
  "cache": () => caches.open("x").then((cache) => cache.add(out + "cache")),
  "WebAssembly.compileStreaming": () => WebAssembly.compileStreaming(fetch(out + "wasm")),
};
export default {
  Escape: async () => {
    const refused = {};
    for (const [name, attempt] of Object.entries(tries)) {
      try {
        await attempt();
        refused[name] = false;
      } catch (error) {
        refused[name] = true;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    return refused;
  },
};
`;
  const output = await runAndReport(playground, mocks);
  const allowed = Object.entries(output.Payload ?? output).filter(([, refused]) => refused !== true).map(([name]) => name);
  assert.deepEqual(allowed, [], "attempts that did not throw");
  assert.equal(Object.keys(output.Payload ?? output).length, 23);
  await assertContained(playground, "JavaScript");
  await playground.close();
});

test("a Python mock cannot navigate the page, open a window or reach the network", async () => {
  outside.hits.length = 0;
  const playground = await open();
  const mocks = `
import json
OUT = ${JSON.stringify(outside.url)}

def attempts():
    import js
    yield "js.fetch", lambda: js.fetch(OUT + "fetch")
    yield "js.XMLHttpRequest", lambda: js.XMLHttpRequest.new()
    yield "js.location", lambda: js.location.assign(OUT + "location")
    yield "js.open", lambda: js.open(OUT + "open")
    yield "js.top", lambda: js.top.location
    yield "js.WebSocket", lambda: js.WebSocket.new(OUT.replace("http", "ws"))
    yield "js.importScripts", lambda: js.importScripts(OUT + "import.js")
    yield "js.FontFace", lambda: js.FontFace.new("x", "url(" + OUT + "font)").load()
    yield "js.postMessage", lambda: js.postMessage("navigate")
    def open_url():
        from pyodide.http import open_url
        return open_url(OUT + "open_url").read()
    yield "pyodide.http.open_url", open_url
    def urllib():
        import urllib.request
        return urllib.request.urlopen(OUT + "urllib", timeout=2).read()
    yield "urllib", urllib
    def socket():
        import socket
        connection = socket.create_connection(("127.0.0.1", int(OUT.rsplit(":", 1)[1].strip("/"))), timeout=2)
        connection.sendall(b"GET /socket HTTP/1.0\\r\\n\\r\\n")
    yield "socket", socket

def escape(event, context):
    refused = {}
    for name, attempt in attempts():
        try:
            attempt()
            refused[name] = False
        except BaseException:
            refused[name] = True
    return refused

MOCKS = {"Escape": escape}
`;
  const output = await runAndReport(playground, mocks, 180000);
  const result = output.Payload ?? output;
  const allowed = Object.entries(result).filter(([, refused]) => refused !== true).map(([name]) => name);
  assert.deepEqual(allowed, [], "attempts that did not raise");
  assert.equal(Object.keys(result).length, 12);
  await assertContained(playground, "Python");
  await playground.close();
});
