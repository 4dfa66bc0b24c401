// What an editor needs only once someone types in it: completion, auto-closed brackets and the
// search panel (loaded by editor.js on first focus, to keep the first load small).
import { Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { searchKeymap } from "@codemirror/search";
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";

export function extras(completionSource) {
  return [
    autocompletion({ override: [completionSource] }),
    closeBrackets(),
    Prec.high(keymap.of([...closeBracketsKeymap, ...completionKeymap, ...searchKeymap])),
  ];
}
