//! The graph pane: the state machine drawn by `asl-graph`, redrawn as the user types (laid out
//! again only where the structure changed), coloured by the last run, with pan, zoom and
//! fit-to-view, and linked both ways with the definition editor.

use asl::decimal::fixed;
use asl::machine::Definition;
use asl_graph::{LayoutCache, RunColoring, SvgOptions, Theme};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the pane keeps between redraws.
pub struct GraphState {
    cache: LayoutCache,
    /// The definition last drawn (to find the state behind a clicked node).
    pub definition: Option<Definition>,
    pub width: f64,
    pub height: f64,
}

impl GraphState {
    pub fn new() -> GraphState {
        GraphState {
            cache: LayoutCache::new(),
            definition: None,
            width: 0.0,
            height: 0.0,
        }
    }
}

impl Default for GraphState {
    fn default() -> Self {
        GraphState::new()
    }
}

pub fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Milliseconds a drawing took: the layout, then the SVG.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DrawTimes {
    pub layout: f64,
    pub svg: f64,
}

/// What a drawing shows besides the machine: a run's colours, and the debugger's marks.
#[derive(Clone, Debug, Default)]
pub struct Decorations {
    pub coloring: Option<RunColoring>,
    /// Extra classes by state pointer (`current`, `next`, `waiting`, `breakpoint`).
    pub marks: std::collections::BTreeMap<String, String>,
    /// Breakpoint toggles on the states (the debugger is open).
    pub breakpoint_markers: bool,
}

/// Draws `definition` when lowering understood any state; returns the SVG and how long layout
/// and rendering took, or `None` when there is nothing to draw.
pub fn draw(state: &mut GraphState, definition: &Definition, decorations: Decorations) -> Option<(String, DrawTimes)> {
    let res = draw_only(state, definition, decorations);
    if res.is_some() {
        state.definition = Some(definition.clone());
    }
    res
}

/// Draws the definition drawn last again, with other decorations (a debugger moved).
pub fn redraw(state: &mut GraphState, decorations: Decorations) -> Option<(String, DrawTimes)> {
    let definition = state.definition.take()?;
    let res = draw_only(state, &definition, decorations);
    state.definition = Some(definition);
    res
}

fn draw_only(state: &mut GraphState, definition: &Definition, decorations: Decorations) -> Option<(String, DrawTimes)> {
    if definition
        .machines
        .first()
        .is_none_or(|machine| machine.states.is_empty())
    {
        return None;
    }
    let started = now();
    let drawing = asl_graph::layout_cached(definition, &mut state.cache);
    let laid_out = now();
    let svg = asl_graph::to_svg(
        &drawing,
        &SvgOptions {
            theme: Theme::Auto,
            coloring: decorations.coloring,
            selected: None,
            marks: decorations.marks,
            breakpoint_markers: decorations.breakpoint_markers,
        },
    );
    state.width = drawing.width;
    state.height = drawing.height;
    Some((
        svg,
        DrawTimes {
            layout: laid_out - started,
            svg: now() - laid_out,
        },
    ))
}

/// The state pointer of a breakpoint toggle an event happened on, if any.
pub fn breakpoint_of(event: &web_sys::Event) -> Option<String> {
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    target.closest("[data-bp]").ok()??.get_attribute("data-bp")
}

/// The `data-id` (state pointer) of the node an event happened on, if any.
pub fn node_id_of(event: &web_sys::Event) -> Option<String> {
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    target.closest("[data-id]").ok()??.get_attribute("data-id")
}

/// Marks the node of `id` as selected (and no other), without redrawing.
pub fn highlight(container: &web_sys::Element, id: Option<&str>) {
    let Ok(nodes) = container.query_selector_all("[data-id]") else {
        return;
    };
    for index in 0..nodes.length() {
        let Some(node) = nodes
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let list = node.class_list();
        if node.get_attribute("data-id").as_deref() == id {
            let _ = list.add_1("selected");
        } else {
            let _ = list.remove_1("selected");
        }
    }
}

/// Pan and zoom of the drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub scale: f64,
    pub x: f64,
    pub y: f64,
}

impl View {
    pub fn transform(&self) -> String {
        format!(
            "translate({}px, {}px) scale({})",
            fixed(self.x, 1),
            fixed(self.y, 1),
            fixed(self.scale, 4)
        )
    }

    /// Fits a drawing of `width` × `height` in a viewport, never enlarging past 1:1, centred.
    pub fn fit(width: f64, height: f64, viewport: (f64, f64)) -> View {
        if width <= 0.0 || height <= 0.0 || viewport.0 <= 0.0 || viewport.1 <= 0.0 {
            return View {
                scale: 1.0,
                x: 0.0,
                y: 0.0,
            };
        }
        let scale = (viewport.0 / width).min(viewport.1 / height).min(1.0);
        View {
            scale,
            x: (viewport.0 - width * scale) / 2.0,
            y: ((viewport.1 - height * scale) / 2.0).clamp(0.0, 8.0),
        }
    }
}

#[component]
pub fn GraphPane(
    svg: RwSignal<String>,
    stale: RwSignal<bool>,
    layout_ms: RwSignal<DrawTimes>,
    view: RwSignal<View>,
    viewport_ref: NodeRef<html::Div>,
    on_fit: Callback<()>,
    on_select: Callback<String>,
    /// A breakpoint toggle was clicked (the debugger's marker in a state's corner).
    on_breakpoint: Callback<String>,
    /// The user panned or zoomed: stop fitting new drawings automatically.
    on_move: Callback<()>,
) -> impl IntoView {
    let dragging = StoredValue::new(None::<(f64, f64, View)>);
    // Counts redraws, for the browser tests to wait on.
    let draws = StoredValue::new(0u64);
    Effect::new(move |_| {
        svg.track();
        layout_ms.track();
        draws.update_value(|count| *count += 1);
    });
    view! {
        <div class="graph-toolbar">
            <button class="secondary small" data-testid="graph-fit" on:click=move |_| on_fit.run(())>"Fit"</button>
            <button class="secondary small" title="Zoom in" on:click=move |_| { on_move.run(()); view.update(|view| view.scale = (view.scale * 1.25).min(4.0)) }>"+"</button>
            <button class="secondary small" title="Zoom out" on:click=move |_| { on_move.run(()); view.update(|view| view.scale = (view.scale / 1.25).max(0.1)) }>"−"</button>
            <button class="secondary small" data-testid="export-svg" title="The drawing as an SVG file (self-contained)"
                on:click=move |_| { let _ = crate::run::download("state-machine.svg", &svg.get_untracked()); }>"SVG"</button>
            <span class="quiet legend-hint">"Click a state to find it in the definition (and, debugging, in the inspector); the dot in its corner sets a breakpoint. Drag to pan, wheel to zoom."</span>
            <Show when=move || stale.get()>
                <span class="stale-note" data-testid="graph-stale">"The definition cannot be drawn as it is; this is the last drawing."</span>
            </Show>
        </div>
        <div
            class="graph-viewport"
            class:stale=move || stale.get()
            data-testid="graph"
            data-layout-ms=move || fixed(layout_ms.get().layout, 2)
            data-svg-ms=move || fixed(layout_ms.get().svg, 2)
            data-draws=move || { layout_ms.track(); draws.get_value().to_string() }
            node_ref=viewport_ref
            on:click=move |event| {
                if let Some(id) = breakpoint_of(&event) {
                    on_breakpoint.run(id);
                } else if let Some(id) = node_id_of(&event) {
                    on_select.run(id);
                }
            }
            on:keydown=move |event| {
                if (event.key() == "Enter" || event.key() == " ")
                    && let Some(id) = node_id_of(&event) {
                        event.prevent_default();
                        on_select.run(id);
                    }
            }
            on:wheel=move |event| {
                event.prevent_default();
                on_move.run(());
                let factor = if event.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 };
                let Some(viewport) = viewport_ref.get_untracked() else { return };
                let bounds = viewport.get_bounding_client_rect();
                let (px, py) = (event.client_x() as f64 - bounds.left(), event.client_y() as f64 - bounds.top());
                view.update(|view| {
                    let scale = (view.scale * factor).clamp(0.1, 4.0);
                    let applied = scale / view.scale;
                    view.x = px - (px - view.x) * applied;
                    view.y = py - (py - view.y) * applied;
                    view.scale = scale;
                });
            }
            on:pointerdown=move |event| {
                if node_id_of(&event).is_none() {
                    dragging.set_value(Some((event.client_x() as f64, event.client_y() as f64, view.get_untracked())));
                }
            }
            on:pointermove=move |event| {
                if let Some((x0, y0, start)) = dragging.get_value() {
                    on_move.run(());
                    view.set(View { x: start.x + event.client_x() as f64 - x0, y: start.y + event.client_y() as f64 - y0, ..start });
                }
            }
            on:pointerup=move |_| dragging.set_value(None)
            on:pointerleave=move |_| dragging.set_value(None)
        >
            <div class="graph-canvas" style:transform=move || view.get().transform() inner_html=move || svg.get()></div>
        </div>
    }
}
