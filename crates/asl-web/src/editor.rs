//! The typed interop layer over the CodeMirror glue (`web/src/editor.js`, global `AslEditor`).
//!
//! CodeMirror counts positions in UTF-16 code units; the core's spans are UTF-8 bytes.
//! `Utf16Offsets` converts between them, and is the only place that does.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// One editor instance, as returned by `AslEditor.create`.
    pub type EditorHandle;

    #[wasm_bindgen(js_namespace = AslEditor, js_name = create)]
    fn create_editor(parent: &web_sys::HtmlElement, options: &JsValue) -> EditorHandle;

    #[wasm_bindgen(method, js_name = getText, structural)]
    pub fn get_text(this: &EditorHandle) -> String;

    #[wasm_bindgen(method, js_name = setText, structural)]
    pub fn set_text(this: &EditorHandle, text: &str);

    #[wasm_bindgen(method, js_name = setDiagnostics, structural)]
    fn set_diagnostics_js(this: &EditorHandle, diagnostics: &JsValue);

    #[wasm_bindgen(method, js_name = setStateNames, structural)]
    fn set_state_names_js(this: &EditorHandle, names: &JsValue);

    #[wasm_bindgen(method, structural)]
    pub fn select(this: &EditorHandle, from: u32, to: u32);

    /// "json", "javascript" or "python" (the latter two load their mode on demand).
    #[wasm_bindgen(method, js_name = setMode, structural)]
    pub fn set_mode(this: &EditorHandle, mode: &str);

    #[wasm_bindgen(method, js_name = setBreakpointLines, structural)]
    fn set_breakpoint_lines_js(this: &EditorHandle, states: &JsValue, set: &JsValue);

    /// A notice about this browser's storage at the top of the page (`kind` names it, so that
    /// it is replaced, not repeated), written by the glue as text.
    #[wasm_bindgen(js_namespace = AslEditor, js_name = storageNotice)]
    pub fn storage_notice(kind: &str, text: &str);
}

/// What an editor completes. Its explanations (hover, completion details) are the core's
/// glossary, written to `web/src/asl-docs.json` by a test of `asl` and loaded by the editor
/// glue when first needed: the wasm does not carry them.
#[derive(Serialize)]
pub struct Vocabulary {
    pub fields: Vec<&'static str>,
    pub types: Vec<&'static str>,
    pub errors: Vec<&'static str>,
    pub states: Vec<String>,
}

impl Vocabulary {
    /// The ASL vocabulary, from the core's glossary.
    pub fn asl() -> Vocabulary {
        let fields = asl::docs::field_names();
        let types = asl::docs::STATE_TYPES.to_vec();
        let errors = asl::docs::ERROR_NAMES.to_vec();
        Vocabulary {
            fields,
            types,
            errors,
            states: Vec::new(),
        }
    }

    pub fn none() -> Vocabulary {
        Vocabulary {
            fields: Vec::new(),
            types: Vec::new(),
            errors: Vec::new(),
            states: Vec::new(),
        }
    }
}

/// A diagnostic as the editor draws it: UTF-16 offsets.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct EditorDiagnostic {
    pub from: u32,
    pub to: u32,
    pub severity: &'static str,
    pub message: String,
}

/// Creates an editor in `parent`. `on_change` receives the whole text after each change; the
/// text is saved to localStorage under `storage_key` by the glue itself.
/// What an editor holds and says about itself.
pub struct EditorSpec<'a> {
    /// The text when nothing is saved.
    pub initial: &'a str,
    pub storage_key: &'a str,
    /// The accessible name.
    pub label: &'a str,
    pub vocabulary: &'a Vocabulary,
    /// Text the user reads but does not edit (read-only embeds).
    pub read_only: bool,
}

pub fn create(
    parent: &web_sys::HtmlElement,
    spec: EditorSpec<'_>,
    on_change: impl FnMut(String) + 'static,
    on_cursor: impl FnMut(u32) + 'static,
    on_breakpoint: Option<Box<dyn FnMut(u32)>>,
) -> EditorHandle {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), value);
    };
    set("doc", &JsValue::from_str(spec.initial));
    set("storageKey", &JsValue::from_str(spec.storage_key));
    set("readOnly", &JsValue::from_bool(spec.read_only));
    set("label", &JsValue::from_str(spec.label));
    // Plain objects, not JS Maps: the glue looks words up as `docs[word]`.
    let plain = serde_wasm_bindgen::Serializer::json_compatible();
    set(
        "vocabulary",
        &spec.vocabulary.serialize(&plain).unwrap_or(JsValue::NULL),
    );
    // The editors live as long as the page: their callbacks are leaked on purpose.
    let on_change = Closure::<dyn FnMut(String)>::new(on_change);
    set("onChange", on_change.as_ref());
    on_change.forget();
    let on_cursor = Closure::<dyn FnMut(u32)>::new(on_cursor);
    set("onCursor", on_cursor.as_ref());
    on_cursor.forget();
    if let Some(on_breakpoint) = on_breakpoint {
        let on_breakpoint = Closure::<dyn FnMut(u32)>::new(on_breakpoint);
        set("onBreakpoint", on_breakpoint.as_ref());
        on_breakpoint.forget();
    }
    create_editor(parent, &options)
}

impl EditorHandle {
    pub fn set_diagnostics(&self, diagnostics: &[EditorDiagnostic]) {
        if let Ok(value) = serde_wasm_bindgen::to_value(diagnostics) {
            self.set_diagnostics_js(&value);
        }
    }

    /// Lines (1-based) that name a state, and those of them with a breakpoint.
    pub fn set_breakpoint_lines(&self, states: &[u32], set: &[u32]) {
        if let (Ok(states), Ok(set)) = (serde_wasm_bindgen::to_value(states), serde_wasm_bindgen::to_value(set)) {
            self.set_breakpoint_lines_js(&states, &set);
        }
    }

    pub fn set_state_names(&self, names: &[String]) {
        if let Ok(value) = serde_wasm_bindgen::to_value(names) {
            self.set_state_names_js(&value);
        }
    }
}

/// Byte offset ↔ UTF-16 offset for one text.
pub struct Utf16Offsets<'t> {
    text: &'t str,
}

impl<'t> Utf16Offsets<'t> {
    pub fn new(text: &'t str) -> Self {
        Utf16Offsets { text }
    }

    /// The UTF-16 offset of a UTF-8 byte offset (clamped to the text, rounded down to a char).
    pub fn to_utf16(&self, byte: usize) -> u32 {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        self.text[..byte].encode_utf16().count() as u32
    }

    /// The UTF-8 byte offset of a UTF-16 offset (clamped to the text).
    pub fn to_byte(&self, utf16: u32) -> usize {
        let mut units = 0u32;
        for (byte, character) in self.text.char_indices() {
            if units >= utf16 {
                return byte;
            }
            units += character.len_utf16() as u32;
        }
        self.text.len()
    }
}

/// The three editors, once mounted.
pub struct Editors {
    pub definition: EditorHandle,
    pub input: EditorHandle,
    pub mocks: EditorHandle,
}

impl Editors {
    pub fn get(&self, pane: crate::problems::Pane) -> &EditorHandle {
        match pane {
            crate::problems::Pane::Definition => &self.definition,
            crate::problems::Pane::Input => &self.input,
            crate::problems::Pane::Mocks => &self.mocks,
        }
    }
}
