// What a mocks Worker takes away before any user code runs (web/src/mocks-worker.js for
// JavaScript, web/src/mocks-python-worker.js for Python): a mock computes a task's answer from its
// input; it has no network, no storage, no further Workers and no way to make code from strings
// (which is how `import()` of a URL would slip past the check of the module's source).
//
// A Worker already has no DOM, no localStorage and no cookies. What remains is removed here from
// the global object and its prototype chain, or replaced by a function that throws a clear error:
// fetch, XMLHttpRequest, WebSocket, EventSource, WebTransport, importScripts, web fonts (FontFace,
// fonts), peer connections, indexedDB, caches,
// navigator.storage, Worker, SharedWorker, BroadcastChannel; eval, the Function constructors and
// string timers. The Worker's own channel to the page (postMessage, onmessage) is closed too: the
// host talks to the page over a private MessagePort that user code never sees.

const NETWORK = [
  "fetch",
  "XMLHttpRequest",
  "XMLHttpRequestUpload",
  "XMLHttpRequestEventTarget",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "BroadcastChannel",
  // Web fonts load from URLs, in Workers too (FontFace, and the Worker's `fonts` set).
  "FontFace",
  "FontFaceSet",
  "fonts",
  // Peer connections, where a browser offers them to Workers.
  "RTCPeerConnection",
  "RTCDataChannel",
];
const STORAGE = ["indexedDB", "caches", "IDBFactory", "CacheStorage", "FileSystemHandle", "StorageManager"];
const WORKERS = ["Worker", "SharedWorker", "ServiceWorker", "ServiceWorkerContainer"];

export function refusal(name, what) {
  return `${name} is not available to mocks: they run with ${what} (in the playground's Worker as in the CLI)`;
}

function refuse(name, what) {
  const message = refusal(name, what);
  const thrower = function () {
    throw new TypeError(message);
  };
  return { get: thrower, set: thrower, configurable: false, enumerable: false };
}

/// Replaces `name` on the global object (by a refusal, or by `descriptor`) and removes it from
/// every prototype of the global.
function take(name, what, descriptor = refuse(name, what)) {
  let object = Object.getPrototypeOf(globalThis);
  while (object && object !== Object.prototype) {
    try {
      delete object[name];
    } catch (_) {
      // Not configurable there: the own property defined below shadows it.
    }
    object = Object.getPrototypeOf(object);
  }
  try {
    delete globalThis[name];
  } catch (_) {
    // Shadowed below.
  }
  Object.defineProperty(globalThis, name, descriptor);
}

/// Takes everything listed above away. The host captures what it needs (its port, the port's
/// postMessage, MessageEvent's data getter) before calling this, and before user code runs.
export function lockDown() {
  for (const name of NETWORK) take(name, "no network");
  for (const name of STORAGE) take(name, "no storage");
  for (const name of WORKERS) take(name, "no further Workers");
  // navigator.storage (the origin private file system), navigator.serviceWorker: a plain
  // navigator without them.
  const navigator = Object.freeze({
    userAgent: globalThis.navigator ? String(globalThis.navigator.userAgent) : "",
    language: "en-US",
    languages: Object.freeze(["en-US"]),
    hardwareConcurrency: 1,
    onLine: false,
  });
  take("navigator", "no storage", { value: navigator, configurable: false, writable: false });

  // No code from strings: eval, the Function constructors, string timers.
  const noCode = (name) =>
    function () {
      throw new EvalError(`${name} is not available to mocks: the playground's Worker does not make code from strings`);
    };
  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  globalThis.setTimeout = function setTimeout(callback, ...rest) {
    if (typeof callback !== "function") throw new TypeError("setTimeout needs a function");
    return realSetTimeout(callback, ...rest);
  };
  globalThis.setInterval = function setInterval(callback, ...rest) {
    if (typeof callback !== "function") throw new TypeError("setInterval needs a function");
    return realSetInterval(callback, ...rest);
  };
  Object.defineProperty(globalThis, "eval", { value: noCode("eval"), configurable: false, writable: false });
  const constructors = [
    function () {},
    async function () {},
    function* () {},
    async function* () {},
  ].map((example) => Object.getPrototypeOf(example));
  for (const prototype of constructors) {
    const blocked = noCode(prototype.constructor.name || "Function");
    blocked.prototype = prototype;
    Object.defineProperty(prototype, "constructor", { value: blocked, configurable: false, writable: false });
  }
  Object.defineProperty(globalThis, "Function", {
    value: Function.prototype.constructor,
    configurable: false,
    writable: false,
  });

  // The Worker's own channel: the page no longer listens to it, and user code cannot use it.
  for (const name of ["postMessage", "onmessage", "onmessageerror"]) {
    Object.defineProperty(globalThis, name, refuse(name, "no channel to the page"));
  }
}

/// The message of an error as one line.
export function describe(error) {
  if (error && typeof error === "object" && "message" in error) {
    const name = error.name || "Error";
    return error.message ? `${name}: ${error.message}` : String(name);
  }
  return String(error);
}
