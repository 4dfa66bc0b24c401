// The playground's Worker for mocks written in JavaScript: the shared glue (mocks-host.js, the
// file the CLI runs in QuickJS) and the user's module, in a Worker of their own, never in the page.
// Started by web/src/mocks.js, which stops it (terminate) when a call runs past its time limit.
//
// The page sends a private MessagePort first; every later message travels on it, with a nonce
// only this file and the page know. User code cannot reach that port (it is held here, captured
// before the module runs), so it cannot answer for a task it was not asked, and the page ignores
// everything else. Before the module is evaluated the Worker is locked down (mocks-lockdown.js),
// and a module that imports anything (import declarations, import()) is refused: a mocks file is
// self-contained, as in the CLI.
import "./mocks-host.js";
import { importProblem } from "./mocks-check.js";
import { lockDown, describe } from "./mocks-lockdown.js";

const apply = Reflect.apply;
const post = MessagePort.prototype.postMessage;
const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data").get;
const createObjectURL = URL.createObjectURL;
const revokeObjectURL = URL.revokeObjectURL;
const RealBlob = Blob;

function start(port) {
  const send = (message) => apply(post, port, [message]);
  const host = globalThis.createAslMocks();
  lockDown();
  let loaded = false;

  async function load(source, fileName) {
    const problem = importProblem(source, fileName);
    if (problem) return { error: problem };
    const url = apply(createObjectURL, URL, [new RealBlob([source], { type: "text/javascript" })]);
    try {
      const namespace = await import(/* webpackIgnore: true */ url);
      loaded = true;
      return { used: host.use(namespace) };
    } catch (error) {
      return { error: `${fileName}: ${describe(error)}${error && error.stack ? `\n${error.stack}` : ""}` };
    } finally {
      apply(revokeObjectURL, URL, [url]);
    }
  }

  port.onmessage = async (event) => {
    const data = apply(dataOf, event, []);
    const nonce = data.nonce;
    let reply;
    try {
      if (data.type === "load") {
        reply = loaded ? { error: "this Worker has a module already" } : await load(data.source, data.fileName);
      } else if (data.type === "call") {
        reply = { answer: await host.answer(data.request) };
      } else {
        reply = { error: `unknown message ${data.type}` };
      }
    } catch (error) {
      reply = { error: describe(error) };
    }
    send({ nonce, ...reply });
  };
}

self.onmessage = (event) => {
  const port = apply(dataOf, event, []).port;
  self.onmessage = null;
  start(port);
};
