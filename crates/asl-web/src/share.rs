//! Sharing and keeping work: share links, named workspaces, import and export.
//!
//! A share link carries the whole workspace (`asl::lesson::Workspace`: definition, input,
//! mocks, start time, seed) in the URL fragment, `#s=` then the JSON compressed with the
//! browser's own `CompressionStream("deflate-raw")` and written in base64url: no server, no
//! dependency, and the fragment never reaches a server's logs.
//! Opening a link never overwrites the user's work: the workspace in the editors is first kept
//! under its name in the browser's named workspaces, then the shared one opens as a workspace
//! of its own, and the workspace menu switches between them.

use std::collections::BTreeMap;

use asl::lesson::Workspace;
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The fragment's prefix for a shared workspace (`#s=…`).
pub const FRAGMENT_PREFIX: &str = "s=";
const WORKSPACES_KEY: &str = "asl-playground.workspaces";
const CURRENT_KEY: &str = "asl-playground.workspace";
/// The name of the work a user had before any workspace was named.
pub const DEFAULT_NAME: &str = "My work";

fn js_error(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, String> {
    let function: js_sys::Function = Reflect::get(target, &JsValue::from_str(method))
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| format!("{method} is not a function"))?;
    let args: Array = args.iter().copied().collect();
    function.apply(target, &args).map_err(js_error)
}

/// Runs bytes through the browser's `CompressionStream` or `DecompressionStream` (deflate-raw).
async fn transform(bytes: &[u8], compress: bool) -> Result<Vec<u8>, String> {
    let global = js_sys::global();
    let name = if compress {
        "CompressionStream"
    } else {
        "DecompressionStream"
    };
    let constructor: js_sys::Function = Reflect::get(&global, &JsValue::from_str(name))
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| format!("this browser has no {name}"))?;
    let stream = Reflect::construct(&constructor, &Array::of1(&JsValue::from_str("deflate-raw"))).map_err(js_error)?;
    let blob = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes))).map_err(js_error)?;
    let readable = call(&blob, "stream", &[])?;
    let piped = call(&readable, "pipeThrough", &[&stream])?;
    let response_constructor: js_sys::Function = Reflect::get(&global, &JsValue::from_str("Response"))
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "this browser has no Response".to_owned())?;
    let response = Reflect::construct(&response_constructor, &Array::of1(&piped)).map_err(js_error)?;
    let promise: js_sys::Promise = call(&response, "arrayBuffer", &[])?
        .dyn_into()
        .map_err(|_| "arrayBuffer did not return a promise".to_owned())?;
    let buffer = JsFuture::from(promise).await.map_err(js_error)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut res = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for index in 0..=chunk.len() {
            res.push(BASE64URL[((word >> (18 - 6 * index)) & 63) as usize] as char);
        }
    }
    res
}

fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut res = Vec::with_capacity(text.len() * 3 / 4);
    let mut word = 0u32;
    let mut bits = 0;
    for character in text.bytes() {
        let value = BASE64URL
            .iter()
            .position(|known| *known == character)
            .ok_or("the link is damaged: it holds a character that base64url does not use")? as u32;
        word = (word << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            res.push((word >> bits) as u8);
            word &= (1 << bits) - 1;
        }
    }
    Ok(res)
}

/// The fragment (without `#`) that carries `workspace`.
pub async fn encode(workspace: &Workspace) -> Result<String, String> {
    let json = serde_json::to_string(workspace).map_err(|error| error.to_string())?;
    let compressed = transform(json.as_bytes(), true).await?;
    Ok(format!("{FRAGMENT_PREFIX}{}", base64url_encode(&compressed)))
}

/// The workspace a fragment (without `#`) carries; `None` when it carries none.
pub async fn decode(fragment: &str) -> Option<Result<Workspace, String>> {
    let data = fragment.strip_prefix(FRAGMENT_PREFIX)?;
    Some(decode_data(data).await)
}

async fn decode_data(data: &str) -> Result<Workspace, String> {
    let bytes = base64url_decode(data)?;
    let json = transform(&bytes, false)
        .await
        .map_err(|error| format!("the link is damaged ({error})"))?;
    let text = String::from_utf8(json).map_err(|_| "the link is damaged: not UTF-8 text".to_owned())?;
    serde_json::from_str(&text).map_err(|error| format!("the link does not hold a workspace: {error}"))
}

/// The page's URL without query and fragment (works under any sub-path).
pub fn page_url() -> String {
    let Some(location) = web_sys::window().map(|window| window.location()) else {
        return String::new();
    };
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// The current fragment, without `#`.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// Removes the fragment from the address bar, so that a reload opens the user's workspace
/// rather than importing the link again.
pub fn clear_fragment() {
    if let Some(window) = web_sys::window()
        && let Ok(history) = window.history()
    {
        let url = format!(
            "{}{}",
            window.location().pathname().unwrap_or_default(),
            window.location().search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Copies text to the clipboard; `Err` when the browser refuses (the link is shown anyway).
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).map_err(js_error)?;
    if clipboard.is_undefined() {
        return Err("no clipboard here".to_owned());
    }
    let promise: js_sys::Promise = call(&clipboard, "writeText", &[&JsValue::from_str(text)])?
        .dyn_into()
        .map_err(|_| "writeText did not return a promise".to_owned())?;
    JsFuture::from(promise).await.map(|_| ()).map_err(js_error)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The named workspaces kept in this browser.
pub fn saved() -> BTreeMap<String, Workspace> {
    storage()
        .and_then(|storage| storage.get_item(WORKSPACES_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn save_all(workspaces: &BTreeMap<String, Workspace>) {
    if KEEP_DAMAGED.with(|keep| keep.get()) {
        return;
    }
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(workspaces))
        && storage.set_item(WORKSPACES_KEY, &text).is_err()
    {
        crate::editor::storage_notice(
            "workspaces",
            "The named workspaces could not be saved: this browser's storage is full. The one in the editors is still here in the page: share a link or export it before closing the page.",
        );
    }
}

/// Where saved workspaces that cannot be read are set aside.
const SET_ASIDE_KEY: &str = "asl-playground.workspaces.damaged";

thread_local! {
    /// The damaged workspaces could not be set aside: never overwrite them.
    static KEEP_DAMAGED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Saved workspaces that cannot be read (damaged or foreign text under their key) must neither
/// stop the page nor be overwritten: they move to a key of their own (`…workspaces.damaged`,
/// numbered if taken), the playground starts without them, and the user is told where they are.
pub fn set_aside_damaged() {
    let Some(storage) = storage() else { return };
    let Some(text) = storage.get_item(WORKSPACES_KEY).ok().flatten() else {
        return;
    };
    if serde_json::from_str::<BTreeMap<String, Workspace>>(&text).is_ok() {
        return;
    }
    let key = (1..100)
        .map(|number| match number {
            1 => SET_ASIDE_KEY.to_owned(),
            _ => format!("{SET_ASIDE_KEY}.{number}"),
        })
        .find(|key| matches!(storage.get_item(key), Ok(None)));
    // The text is in memory: removing it first frees the room to keep it under the new key.
    let moved = key.filter(|key| {
        let _ = storage.remove_item(WORKSPACES_KEY);
        if storage.set_item(key, &text).is_ok() {
            return true;
        }
        let _ = storage.set_item(WORKSPACES_KEY, &text);
        false
    });
    let message = match moved {
        Some(key) => format!(
            "Your saved workspaces could not be read (the text this browser kept for them is damaged), so the playground started without them. That text is kept, untouched, under the key \"{key}\" of this site's local storage."
        ),
        None => {
            KEEP_DAMAGED.with(|keep| keep.set(true));
            "Your saved workspaces could not be read (the text this browser kept for them is damaged), so the playground started without them; it leaves that text untouched and does not save workspaces in this visit.".to_owned()
        }
    };
    crate::editor::storage_notice("damaged", &message);
}

/// The name of the workspace in the editors.
pub fn current_name() -> String {
    storage()
        .and_then(|storage| storage.get_item(CURRENT_KEY).ok().flatten())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| DEFAULT_NAME.to_owned())
}

pub fn set_current_name(name: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(CURRENT_KEY, name);
    }
}

/// A name not yet taken: `base`, else `base 2`, `base 3`, …
pub fn unique_name(base: &str, taken: &BTreeMap<String, Workspace>) -> String {
    if !taken.contains_key(base) {
        return base.to_owned();
    }
    (2..)
        .map(|number| format!("{base} {number}"))
        .find(|name| !taken.contains_key(name))
        .unwrap_or_else(|| base.to_owned())
}

/// What an imported file is, judged by its content (untrusted: it only ever becomes text).
pub enum Imported {
    Definition(String),
    /// Mocks, converted from a MockConfigFile when the file was one.
    Mocks(String),
    Input(String),
    Problem(String),
}

/// Sorts an imported file into the pane it belongs to: a definition has `States`, a
/// MockConfigFile `StateMachines` and `MockedResponses`, mocks map state names to invocation
/// responses; anything else that is JSON is an input.
pub fn classify(text: &str) -> Imported {
    let value = match asl::Value::from_json(text) {
        Ok(value) => value,
        Err(error) => return Imported::Problem(format!("The file is not JSON: {error}.")),
    };
    if value.get("States").is_some() && value.get("StartAt").is_some() {
        return Imported::Definition(text.to_owned());
    }
    if value.get("StateMachines").is_some() {
        return match asl::mock::config::from_mock_config(&value, None) {
            Ok(mocks) => Imported::Mocks(mocks.to_json_pretty() + "\n"),
            Err(message) => Imported::Problem(format!("The MockConfigFile cannot be read: {message}.")),
        };
    }
    let looks_like_mocks = value.as_object().is_some_and(|states| {
        !states.is_empty()
            && states.values().all(|responses| {
                responses.as_object().is_some_and(|by_invocation| {
                    by_invocation
                        .values()
                        .all(|response| response.get("Return").is_some() || response.get("Throw").is_some())
                })
            })
    });
    if looks_like_mocks && asl::mock::Mocks::from_value(&value).is_ok() {
        Imported::Mocks(text.to_owned())
    } else {
        Imported::Input(text.to_owned())
    }
}

/// The file input a `change` event came from (the imports' buttons).
pub fn file_input(event: &leptos::ev::Event) -> Option<web_sys::HtmlInputElement> {
    event.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()
}

/// Reads the first file chosen in a file input as text.
pub async fn read_file(input: &web_sys::HtmlInputElement) -> Option<Result<String, String>> {
    let files = input.files()?;
    let file = files.get(0)?;
    let promise: js_sys::Promise = match call(&file, "text", &[]).and_then(|value| {
        value
            .dyn_into::<js_sys::Promise>()
            .map_err(|_| "cannot read the file".to_owned())
    }) {
        Ok(promise) => promise,
        Err(message) => return Some(Err(message)),
    };
    Some(
        JsFuture::from(promise)
            .await
            .map_err(js_error)
            .and_then(|text| text.as_string().ok_or_else(|| "the file is not text".to_owned())),
    )
}

/// Fetches a file next to the page (a relative URL, so any sub-path works) as text.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window: JsValue = web_sys::window().ok_or("no window")?.into();
    let promise: js_sys::Promise = call(&window, "fetch", &[&JsValue::from_str(url)])?
        .dyn_into()
        .map_err(|_| "fetch did not return a promise".to_owned())?;
    let response = JsFuture::from(promise).await.map_err(js_error)?;
    let ok = Reflect::get(&response, &JsValue::from_str("ok"))
        .ok()
        .and_then(|ok| ok.as_bool())
        .unwrap_or(false);
    if !ok {
        return Err(format!("{url} could not be loaded"));
    }
    let promise: js_sys::Promise = call(&response, "text", &[])?
        .dyn_into()
        .map_err(|_| "text did not return a promise".to_owned())?;
    JsFuture::from(promise)
        .await
        .map_err(js_error)?
        .as_string()
        .ok_or_else(|| format!("{url} is not text"))
}

/// Keeps `current` under the current name, and opens `shared` as a new named workspace.
/// Returns the new workspace's name.
pub fn keep_and_open_shared(current: Workspace, shared: &Workspace) -> String {
    let mut all = saved();
    all.insert(current_name(), current);
    let name = unique_name("Shared link", &all);
    all.insert(name.clone(), shared.clone());
    save_all(&all);
    set_current_name(&name);
    name
}

/// Keeps `current` under the current name and returns the workspace named `name`.
pub fn switch_to(name: &str, current: Workspace) -> Option<Workspace> {
    let mut all = saved();
    all.insert(current_name(), current);
    let target = all.get(name).cloned();
    save_all(&all);
    if target.is_some() {
        set_current_name(name);
    }
    target
}

/// The names of the workspaces, the current one included.
pub fn names() -> Vec<String> {
    let mut res: Vec<String> = saved().into_keys().collect();
    let current = current_name();
    if !res.contains(&current) {
        res.push(current);
        asl::sort::sort_by(&mut res, |a, b| a.cmp(b));
    }
    res
}

use leptos::prelude::*;
use leptos::task::spawn_local;

fn prompt(message: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(message, default)
        .ok()
        .flatten()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
}

/// The Share button and the Workspace menu (switch, save as, import, export).
#[component]
pub fn ShareMenu(
    current: Callback<(), Option<Workspace>>,
    apply: Callback<Workspace>,
    /// Bumped when the current workspace's name changes elsewhere (a shared link opened).
    names_version: RwSignal<u64>,
) -> impl IntoView {
    let link = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let share = move |_| {
        let Some(workspace) = current.run(()) else { return };
        spawn_local(async move {
            match encode(&workspace).await {
                Ok(fragment) => {
                    let url = format!("{}#{fragment}", page_url());
                    link.set(url.clone());
                    status.set(match copy_to_clipboard(&url).await {
                        Ok(()) => "Link copied to the clipboard.".to_owned(),
                        Err(_) => "Copy the link below.".to_owned(),
                    });
                }
                Err(message) => status.set(format!("Cannot make a link: {message}")),
            }
        });
    };
    let export = move |what: &'static str| {
        let Some(workspace) = current.run(()) else { return };
        spawn_local(async move {
            let (file, text) = match what {
                "definition" => ("state-machine.asl.json", workspace.definition),
                "input" => ("input.json", workspace.input),
                "mocks" => ("mocks.json", workspace.mocks),
                // Converting lives in the engine's module (`engine.rs`).
                _ => match crate::engine::load()
                    .await
                    .and_then(|engine| engine.mock_config(&workspace.mocks))
                {
                    Ok(config) => ("MockConfigFile.json", config),
                    Err(message) => {
                        status.set(format!("The mocks cannot become a MockConfigFile: {message}."));
                        return;
                    }
                },
            };
            let _ = crate::run::download(file, &text);
        });
    };
    let import = move |event: leptos::ev::Event| {
        let Some(input) = file_input(&event) else { return };
        spawn_local(async move {
            let Some(read) = read_file(&input).await else { return };
            input.set_value("");
            let text = match read {
                Ok(text) => text,
                Err(message) => return status.set(message),
            };
            let Some(mut workspace) = current.run(()) else { return };
            // Reading a MockConfigFile lives in the engine's module (`engine.rs`).
            let engine = match crate::engine::load().await {
                Ok(engine) => engine,
                Err(message) => return status.set(message),
            };
            match engine.classify_import(&text) {
                Imported::Definition(text) => {
                    workspace.definition = text;
                    status.set("Imported the definition.".to_owned());
                }
                Imported::Input(text) => {
                    workspace.input = text;
                    status.set("Imported the input.".to_owned());
                }
                Imported::Mocks(text) => {
                    workspace.mocks = text;
                    status.set("Imported the mocks.".to_owned());
                }
                Imported::Problem(message) => return status.set(message),
            }
            apply.run(workspace);
        });
    };
    let switch = move |name: String| {
        let Some(workspace) = current.run(()) else { return };
        if let Some(target) = switch_to(&name, workspace) {
            apply.run(target);
            names_version.update(|version| *version += 1);
        }
    };
    let save_as = move |_| {
        let Some(workspace) = current.run(()) else { return };
        let Some(name) = prompt("Save this workspace as:", &current_name()) else {
            return;
        };
        let mut all = saved();
        all.insert(current_name(), workspace.clone());
        all.insert(name.clone(), workspace);
        save_all(&all);
        set_current_name(&name);
        names_version.update(|version| *version += 1);
    };
    view! {
        <button class="secondary" data-testid="share" title="Copy a link that holds the definition, input, mocks and settings" on:click=share>
            "Share"
        </button>
        <details class="workspace-menu">
            <summary data-testid="workspace-menu" title="Named workspaces, import and export">"Workspace"</summary>
            <div class="menu-body">
                <label>
                    "Open "
                    <select data-testid="workspaces" aria-label="Workspace"
                        prop:value=move || { names_version.track(); current_name() }
                        on:change=move |event| switch(event_target_value(&event))>
                        {move || {
                            names_version.track();
                            let current = current_name();
                            names()
                                .into_iter()
                                .map(|name| view! { <option value=name.clone() selected=name == current>{name.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <button class="secondary small" data-testid="workspace-save-as" on:click=save_as>"Save as…"</button>
                <p>
                    "Export "
                    <button class="secondary small" data-testid="export-definition" on:click=move |_| export("definition")>"definition"</button>
                    <button class="secondary small" data-testid="export-input" on:click=move |_| export("input")>"input"</button>
                    <button class="secondary small" data-testid="export-mocks" on:click=move |_| export("mocks")>"mocks"</button>
                    <button class="secondary small" data-testid="export-mock-config" title="Step Functions Local / LocalStack" on:click=move |_| export("config")>"MockConfigFile"</button>
                </p>
                <label>
                    "Import a definition, input, mocks or MockConfigFile "
                    <input type="file" accept=".json,application/json" data-testid="import-file" on:change=import />
                </label>
            </div>
        </details>
        <Show when=move || !link.get().is_empty() || !status.get().is_empty()>
            <div class="share-result" role="status">
                <span data-testid="share-status">{move || status.get()}</span>
                <Show when=move || !link.get().is_empty()>
                    <input type="text" readonly data-testid="share-link" aria-label="Share link" prop:value=move || link.get() />
                </Show>
                <button class="secondary small" aria-label="Dismiss" on:click=move |_| { link.set(String::new()); status.set(String::new()); }>"×"</button>
            </div>
        </Show>
    }
}
