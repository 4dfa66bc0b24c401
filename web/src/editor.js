// CodeMirror 6 editors for the playground, exposed to Rust as the global `AslEditor`
// (bundled by esbuild as an ES module, see package.json). Completion, auto-closed brackets and
// the search panel load when an editor first gets focus (editor-extras.js): a first visit that
// only reads the example does not download them. Positions here are UTF-16 offsets, as CodeMirror
// counts them; the Rust side converts the core's UTF-8 byte spans in one place.
//
// Each editor saves its text to localStorage on every change, in JavaScript, so that nothing
// typed is lost even if the wasm side were to stop.
import { EditorState, Compartment, StateField, StateEffect, RangeSet } from "@codemirror/state";
import {
  EditorView, keymap, hoverTooltip, lineNumbers, highlightActiveLineGutter, drawSelection, highlightActiveLine,
  gutter, GutterMarker,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, bracketMatching } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import "./theme.js";
import { json } from "@codemirror/lang-json";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";

// What an editor of JSON needs from CodeMirror's basicSetup, without the multi-cursor and
// rectangular-selection extras (the page-weight budget is tight).
const essentials = [
  lineNumbers(),
  highlightActiveLineGutter(),
  history(),
  foldGutter(),
  drawSelection(),
  indentOnInput(),
  // Tokens get `tok-*` classes, coloured by web/style.css for the light and the dark theme.
  syntaxHighlighting(classHighlighter),
  bracketMatching(),
  highlightActiveLine(),
  keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
];

let extrasModule = null;
function loadExtras() {
  extrasModule ??= import("./editor-extras.js");
  return extrasModule;
}

// The glossary behind hover and completion texts (web/src/asl-docs.json, written from the
// core's `asl::docs` by `cargo test -p asl --test docs_json`): its own chunk, fetched the first
// time an editor gets focus or a word is hovered, never on a first visit that only reads.
let docsModule = null;
function loadDocs() {
  docsModule ??= import("./asl-docs.json").then((module) => module.default, () => ({}));
  return docsModule;
}

/// A completion's `info`: the glossary's text for `name`, once the glossary is here.
function docInfo(name) {
  return () =>
    loadDocs().then((docs) => {
      if (!docs[name]) return null;
      const dom = document.createElement("div");
      dom.textContent = docs[name];
      return dom;
    });
}

// JavaScript and Python modes, for mocks written as code: loaded the first time an editor is
// switched to one of them.
let codeModule = null;
function loadCode() {
  codeModule ??= import("./editor-code.js");
  return codeModule;
}

function load(storageKey, fallback) {
  try {
    const saved = storageKey ? window.localStorage.getItem(storageKey) : null;
    return saved === null ? fallback : saved;
  } catch (_) {
    return fallback;
  }
}

/// Tells the user about storage, in the page (from JavaScript, so it works even if the wasm side
/// has stopped): one notice per `kind`, replaced when it comes again; `text` null removes it.
/// Text only, never markup.
export function storageNotice(kind, text) {
  const id = `storage-notice-${kind}`;
  let notice = document.getElementById(id);
  if (text === null || text === undefined) {
    if (notice) notice.remove();
    return;
  }
  if (!notice) {
    notice = document.createElement("div");
    notice.id = id;
    notice.className = "storage-notice";
    notice.setAttribute("role", "alert");
    notice.dataset.testid = "storage-notice";
    notice.dataset.kind = kind;
    const message = document.createElement("span");
    const close = document.createElement("button");
    close.className = "secondary small";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => notice.remove());
    notice.append(message, close);
    document.body.prepend(notice);
  }
  notice.firstChild.textContent = text;
}

// Keys whose last save failed: the notice stays until every one of them saves again.
const unsaved = new Set();

function save(storageKey, text) {
  if (!storageKey) return;
  try {
    window.localStorage.setItem(storageKey, text);
    if (unsaved.delete(storageKey) && unsaved.size === 0) storageNotice("quota", null);
  } catch (error) {
    // Storage full or disabled: the text stays in the editor, and the user is told so.
    unsaved.add(storageKey);
    const why = error && error.name === "QuotaExceededError" ? "is full" : "refused to keep it";
    storageNotice(
      "quota",
      `Your latest changes are not saved in this browser: its storage ${why}. They are still here in the page: share a link or export your work before closing it, or free some storage (delete named workspaces you no longer need); saving resumes by itself with your next change.`,
    );
  }
}

/// Completion in ASL terms: field names where a key is typed, state types after "Type",
/// state names after "Next", "Default" and "StartAt".
function aslCompletions(vocabulary) {
  return (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const word = context.matchBefore(/[\w.$-]*/);
    const from = word ? word.from : context.pos;
    let options = null;
    if (/"(Next|Default|StartAt)"\s*:\s*"[^"]*$/.test(before)) {
      options = vocabulary.states.map((name) => ({ label: name, type: "variable", detail: "state" }));
    } else if (/"Type"\s*:\s*"[^"]*$/.test(before)) {
      options = vocabulary.types.map((name) => ({ label: name, type: "type", info: docInfo(name) }));
    } else if (/(^|[{,])\s*"[\w.$-]*$/.test(before)) {
      options = vocabulary.fields.map((name) => ({ label: name, type: "property", info: docInfo(name) }));
    } else if (/"ErrorEquals"\s*:\s*\[[^\]]*"[^"]*$/.test(before)) {
      options = vocabulary.errors.map((name) => ({ label: name, type: "constant", info: docInfo(name) }));
    }
    if (!options || (!context.explicit && word && word.from === word.to && !/"$/.test(before))) return null;
    return { from, options, validFor: /^[\w.$-]*$/ };
  };
}

/// Hover documentation for ASL field names, state types, error names and JSONata words
/// (`$states.input`, `$partition`, …).
function aslHover() {
  return hoverTooltip(async (view, pos) => {
    const docs = await loadDocs();
    const line = view.state.doc.lineAt(pos);
    const offset = pos - line.from;
    const text = line.text;
    let start = offset;
    let end = offset;
    while (start > 0 && /[\w.$]/.test(text[start - 1])) start--;
    while (end < text.length && /[\w.]/.test(text[end])) end++;
    let word = text.slice(start, end);
    // `$states.result.paymentId`: explain the longest known prefix (`$states.result`).
    while (!docs[word] && word.includes(".") && start + word.lastIndexOf(".") >= offset) {
      word = word.slice(0, word.lastIndexOf("."));
    }
    const doc = docs[word];
    if (!doc) return null;
    end = start + word.length;
    return {
      pos: line.from + start,
      end: line.from + end,
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "asl-hover";
        const title = document.createElement("strong");
        title.textContent = word;
        const body = document.createElement("div");
        body.textContent = doc;
        dom.append(title, body);
        return { dom };
      },
    };
  });
}

// Breakpoints, for the step debugger: a gutter with a dot on each line where a state with a
// breakpoint is named, and on every line where a state is named a target to click. Rust decides
// which lines those are (it knows the states), and hears the clicks.
class DotMarker extends GutterMarker {
  constructor(set) {
    super();
    this.set = set;
  }
  eq(other) {
    return other.set === this.set;
  }
  toDOM() {
    const dot = document.createElement("span");
    dot.className = this.set ? "bp-dot set" : "bp-dot";
    dot.title = this.set ? "Breakpoint: click to remove" : "Click to set a breakpoint on this state";
    return dot;
  }
}
const setDot = new DotMarker(true);
const freeDot = new DotMarker(false);
const setBreakpointLines = StateEffect.define();
const breakpointField = StateField.define({
  create: () => ({ states: [], set: [] }),
  update: (value, transaction) => {
    for (const effect of transaction.effects) if (effect.is(setBreakpointLines)) value = effect.value;
    return value;
  },
});
function breakpointGutter(onToggle) {
  return [
    breakpointField,
    gutter({
      class: "cm-breakpoint-gutter",
      markers: (view) => {
        const { states, set } = view.state.field(breakpointField);
        const marks = [];
        for (const line of [...new Set(states)].sort((a, b) => a - b)) {
          if (line < 1 || line > view.state.doc.lines) continue;
          marks.push((set.includes(line) ? setDot : freeDot).range(view.state.doc.line(line).from));
        }
        return RangeSet.of(marks);
      },
      domEventHandlers: {
        mousedown: (view, block) => {
          if (onToggle) onToggle(view.state.doc.lineAt(block.from).number);
          return true;
        },
      },
    }),
  ];
}

/// Creates an editor in `parent`. Options: `doc` (the text when nothing is saved), `storageKey`,
/// `onChange(text)`, `onCursor(offset)`, `vocabulary` ({fields, types, errors, states}; their explanations load on demand),
/// `label` (accessible name), `onBreakpoint(line)` (a breakpoint gutter, for the definition).
export function create(parent, options) {
  const vocabulary = options.vocabulary || { fields: [], types: [], errors: [], states: [] };
  const lazy = new Compartment();
  const language = new Compartment();
  // The completion of the current mode: ASL's for JSON, Task state names for code.
  let codeCompletion = null;
  const asl = aslCompletions(vocabulary);
  const completion = (context) => (codeCompletion ? codeCompletion(context) : asl(context));
  let currentMode = "json";
  let extrasWanted = null;
  const wantExtras = () => {
    extrasWanted ??= loadExtras().then((module) => {
      view.dispatch({ effects: lazy.reconfigure(module.extras(completion)) });
    });
    return extrasWanted;
  };
  const wantExtrasAndDocs = () => {
    if (!extrasWanted) void wantExtras().then(() => vocabulary.fields.length && loadDocs());
    return false;
  };
  const extensions = [
    options.onBreakpoint ? breakpointGutter(options.onBreakpoint) : [],
    essentials,
    keymap.of([indentWithTab]),
    language.of(json()),
    lintGutter(),
    EditorView.lineWrapping,
    // An explicit tabindex: checkers (axe) then see the scroller's content as focusable, as it is.
    EditorView.contentAttributes.of({ "aria-label": options.label || "editor", tabindex: "0" }),
    // Embeds may show text that visitors read and run but do not edit (`?embed&readonly`).
    options.readOnly ? EditorState.readOnly.of(true) : [],
    lazy.of([]),
    // On focus, and on a click or key too: a page that is not the browser's active one gets no
    // focus events, yet its user (or a test) can still click and type.
    EditorView.domEventHandlers({ focus: wantExtrasAndDocs, mousedown: wantExtrasAndDocs, keydown: wantExtrasAndDocs }),
    // The glossary explains the definition's words (the editor that has a vocabulary).
    vocabulary.fields.length ? aslHover() : [],
    EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        const text = update.state.doc.toString();
        save(options.storageKey, text);
        if (options.onChange) options.onChange(text);
      }
      if (update.selectionSet && options.onCursor) options.onCursor(update.state.selection.main.head);
    }),
  ];
  const view = new EditorView({
    parent,
    state: EditorState.create({ doc: load(options.storageKey, options.doc || ""), extensions }),
  });
  parent.aslEditor = view;
  return {
    getText: () => view.state.doc.toString(),
    /// Replaces the whole text as one undoable change.
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    /// Diagnostics: [{from, to, severity: "error"|"warning", message}] in UTF-16 offsets.
    setDiagnostics: (diagnostics) => {
      const length = view.state.doc.length;
      const clamped = Array.from(diagnostics, (d) => {
        const from = Math.min(Math.max(0, d.from), length);
        return { from, to: Math.min(Math.max(from, d.to), length), severity: d.severity, message: d.message, source: d.source };
      });
      view.dispatch(setDiagnostics(view.state, clamped));
    },
    setStateNames: (names) => {
      vocabulary.states = Array.from(names);
    },
    /// The lines (1-based) that name a state, and those with a breakpoint.
    setBreakpointLines: (states, set) => {
      view.dispatch({ effects: setBreakpointLines.of({ states: Array.from(states), set: Array.from(set) }) });
    },
    /// Selects a range, scrolls it into view and focuses the editor.
    select: (from, to) => {
      const length = view.state.doc.length;
      const anchor = Math.min(Math.max(0, from), length);
      const head = Math.min(Math.max(anchor, to), length);
      view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    /// Switches the language: "json", or "javascript" / "python" (loaded on demand). Resolves
    /// once the mode is in place.
    setMode: async (mode) => {
      currentMode = mode;
      if (mode === "json") {
        codeCompletion = null;
        view.dispatch({ effects: language.reconfigure(json()) });
        parent.dataset.mode = mode;
        return;
      }
      const module = await loadCode();
      if (currentMode !== mode) return;
      const loaded = module.mode(mode, () => vocabulary.states);
      codeCompletion = loaded.completion;
      view.dispatch({ effects: language.reconfigure(loaded.language) });
      parent.dataset.mode = mode;
    },
    /// Resolves once completion and search are loaded into this editor.
    extrasReady: () => wantExtras(),
  };
}

window.AslEditor = { create, storageNotice };
