//! What the browser tests and measures reach from outside the app: conformance cases run by
//! the page's core, a deliberate panic (and the banner any panic leaves), and performance marks
//! and measures.

use leptos::task::spawn_local;

use crate::engine;

/// Runs one conformance case (its JSON text) with the core this page uses, JSONata by the
/// page's jsonata; calls `done` with an empty string when it passes, otherwise with how the
/// result differs. The browser tests call it (through trunk's `window.wasmBindings`) to check
/// that the playground and the CLI agree on every case.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = runConformanceCase)]
pub fn run_conformance_case(case: String, done: js_sys::Function) {
    spawn_local(async move {
        let problem = match engine::load().await {
            Ok(engine) => engine.conformance_case(case).await,
            Err(message) => message,
        };
        let _ = done.call1(&wasm_bindgen::JsValue::NULL, &wasm_bindgen::JsValue::from_str(&problem));
    });
}

/// Panics on purpose, so that the browser tests can check that a panic (always a bug) leaves a
/// banner and a working editor rather than a dead page.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = simulatePanicForTests)]
pub fn simulate_panic_for_tests() {
    panic!("simulated panic for the browser tests");
}

pub fn performance_mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        performance.clear_marks_with_mark_name(name);
        let _ = performance.mark(name);
    }
}

pub fn performance_measure(name: &str, start_mark: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.measure_with_start_mark(name, start_mark);
    }
}

/// A panic is always a bug; wasm cannot continue after it, but the editors (JavaScript) still
/// work and have saved every keystroke. Say so, in the page.
pub fn show_panic_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some(&format!(
        "The playground hit an internal error and stopped: {message}. Your definition, input and mocks are saved in this browser; reload the page to continue."
    )));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
