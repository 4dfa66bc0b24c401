//! SVG: a self-contained document styled with CSS classes, light and dark themes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::geometry::Rect;
use crate::layout::{Drawing, EdgeKind, NodeBox, NodeShape};
use crate::run::RunColoring;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// Follows the reader's system setting (prefers-color-scheme).
    #[default]
    Auto,
}

#[derive(Clone, Debug, Default)]
pub struct SvgOptions {
    pub theme: Theme,
    /// Colours states and transitions by an execution.
    pub coloring: Option<RunColoring>,
    /// The id of a node to highlight (the state under the editor's cursor).
    pub selected: Option<String>,
    /// Extra classes by node id, for a debugger: `current` (a run is in the state), `next` (it
    /// is about to be entered), `breakpoint`, `waiting` (for an answer).
    pub marks: BTreeMap<String, String>,
    /// Draw a breakpoint toggle (`<circle class="bp">`) on every state, for a debugger.
    pub breakpoint_markers: bool,
}

const LEGEND_HEIGHT: f64 = 34.0;

const LIGHT: &str = "--bg:#ffffff;--fg:#1d2330;--muted:#5d6678;--line:#8a93a3;--node:#f3f6fb;--node-line:#9aa6b8;--container:#fafbfd;--ok:#1e8e3e;--ok-bg:#e6f4ea;--bad:#c5221f;--bad-bg:#fce8e6;--warn:#b06000;--warn-bg:#fef3e0;--run:#1a73e8;--run-bg:#e8f0fe;--sel:#1a73e8";
const DARK: &str = "--bg:#1c2027;--fg:#e3e7ee;--muted:#9aa3b2;--line:#7d8696;--node:#262b34;--node-line:#4a5261;--container:#20242c;--ok:#6fd08c;--ok-bg:#1f3a29;--bad:#ff8a80;--bad-bg:#45221f;--warn:#f2c14e;--warn-bg:#40321a;--run:#8ab4f8;--run-bg:#1f2f4a;--sel:#8ab4f8";

fn escape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => res.push_str("&amp;"),
            '<' => res.push_str("&lt;"),
            '>' => res.push_str("&gt;"),
            '"' => res.push_str("&quot;"),
            '\'' => res.push_str("&#39;"),
            _ => res.push(c),
        }
    }
    res
}

/// A coordinate to a tenth, without a fraction when it is whole.
fn num(value: f64) -> String {
    let text = asl::decimal::fixed(value, 1);
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

fn style(theme: Theme) -> String {
    let variables = match theme {
        Theme::Light => format!(".asl-graph{{{LIGHT}}}"),
        Theme::Dark => format!(".asl-graph{{{DARK}}}"),
        Theme::Auto => format!(".asl-graph{{{LIGHT}}}@media (prefers-color-scheme: dark){{.asl-graph{{{DARK}}}}}"),
    };
    variables
        + ".asl-graph{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:12px}\
.asl-graph .canvas{fill:var(--bg)}\
.asl-graph .node rect{fill:var(--node);stroke:var(--node-line);stroke-width:1.2}\
.asl-graph .node text{fill:var(--fg)}\
.asl-graph .node .type{fill:var(--muted);font-size:10px}\
.asl-graph .node:focus{outline:none}.asl-graph .node:focus rect,.asl-graph .node.selected rect{stroke:var(--sel);stroke-width:2.5}\
.asl-graph .node.choice rect{stroke-dasharray:0}\
.asl-graph .container>rect{fill:var(--container);stroke:var(--node-line);stroke-dasharray:5 3}\
.asl-graph .container>text{fill:var(--fg);font-weight:600}\
.asl-graph .marker circle{fill:var(--muted)}.asl-graph .marker.end circle{fill:var(--bg);stroke:var(--muted);stroke-width:3}\
.asl-graph .edge{fill:none;stroke:var(--line);stroke-width:1.3}\
.asl-graph .edge.catch{stroke-dasharray:5 4;stroke:var(--warn)}\
.asl-graph .edge.default{stroke-dasharray:2 3}\
.asl-graph .edge.taken{stroke:var(--run);stroke-width:2.6}\
.asl-graph .arrow{fill:var(--line)}.asl-graph .arrow.taken{fill:var(--run)}\
.asl-graph .edge-label rect{fill:var(--bg);opacity:.9}.asl-graph .edge-label text{fill:var(--muted);font-size:10.5px}\
.asl-graph .edge-label.catch text{fill:var(--warn)}\
.asl-graph .status-succeeded rect{fill:var(--ok-bg);stroke:var(--ok)}\
.asl-graph .status-failed rect{fill:var(--bad-bg);stroke:var(--bad)}\
.asl-graph .status-caught rect{fill:var(--warn-bg);stroke:var(--warn)}\
.asl-graph .status-running rect{fill:var(--run-bg);stroke:var(--run);stroke-width:2.5}\
.asl-graph .not-reached{opacity:.45}\
.asl-graph .node.last>rect{stroke-width:3.5}\
.asl-graph .count{fill:var(--run);font-weight:700;font-size:10px}\
.asl-graph .legend text{fill:var(--fg);font-size:11px}\
.asl-graph .node.current>rect{stroke:var(--run);stroke-width:3.5;fill:var(--run-bg)}\
.asl-graph .node.next>rect{stroke:var(--run);stroke-width:3;stroke-dasharray:6 3}\
.asl-graph .node.waiting>rect{stroke:var(--warn);stroke-width:3.5;fill:var(--warn-bg)}\
.asl-graph .edge.just-taken{stroke:var(--run);stroke-width:4}\
.asl-graph .bp{fill:transparent;stroke:transparent;cursor:pointer}\
.asl-graph .node:hover>.bp,.asl-graph .node:focus>.bp{stroke:var(--bad);fill:var(--bg)}\
.asl-graph .node.breakpoint>.bp{fill:var(--bad);stroke:var(--bad)}"
}

/// Renders a drawing as a standalone SVG document.
pub fn to_svg(drawing: &Drawing, options: &SvgOptions) -> String {
    let coloring = options.coloring.as_ref();
    let legend = if coloring.is_some() { LEGEND_HEIGHT } else { 0.0 };
    let width = drawing.width.max(120.0);
    let height = drawing.height + legend;
    let mut out = String::with_capacity(4096 + drawing.nodes.len() * 400);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"asl-graph\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-label=\"State machine graph\">",
        w = num(width),
        h = num(height)
    );
    let _ = write!(out, "<style>{}</style>", style(options.theme));
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0 0L10 5L0 10z\"/></marker>");
    out.push_str("<marker id=\"arrow-taken\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrow taken\" d=\"M0 0L10 5L0 10z\"/></marker></defs>");
    let _ = write!(
        out,
        "<rect class=\"canvas\" width=\"{}\" height=\"{}\"/>",
        num(width),
        num(height)
    );

    let names: BTreeMap<&str, &str> = drawing
        .nodes
        .iter()
        .map(|node| {
            (
                node.id.as_str(),
                if node.shape == NodeShape::Start {
                    ""
                } else {
                    node.name.as_str()
                },
            )
        })
        .collect();

    // Containers first, so their contents draw on top.
    for node in drawing.nodes.iter().filter(|node| node.shape == NodeShape::Container) {
        open_state_group(&mut out, node, "container ", coloring, options);
        rect(&mut out, &node.rect, 8.0);
        breakpoint_marker(&mut out, node, options);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{} <tspan class=\"type\">{}</tspan></text>",
            num(node.rect.x + 10.0),
            num(node.rect.y + 19.0),
            escape(&node.name),
            node.type_name
        );
        if let Some(subtitle) = &node.subtitle {
            let _ = write!(
                out,
                " <text class=\"type subtitle\" x=\"{}\" y=\"{}\">{}</text>",
                num(node.rect.x + 10.0),
                num(node.rect.y + 33.0),
                escape(subtitle)
            );
        }
        count_badge(&mut out, coloring, &node.name, &node.rect);
        out.push_str("</g>");
    }

    for edge in &drawing.edges {
        let taken = coloring.is_some_and(|coloring| {
            let from = names.get(edge.from.as_str()).copied().unwrap_or("");
            let to = names.get(edge.to.as_str()).copied();
            match (edge.kind, to) {
                (EdgeKind::End, _) => {
                    coloring.finished
                        && coloring.states.contains_key(from)
                        && matches!(coloring.states.get(from), Some((crate::StateStatus::Succeeded, _)))
                }
                (_, Some(to)) => coloring.taken.contains(&(from.to_owned(), to.to_owned())),
                _ => false,
            }
        });
        let kind = match edge.kind {
            EdgeKind::Catch => "catch",
            EdgeKind::Default => "default",
            EdgeKind::Choice => "choice",
            _ => "next",
        };
        let mut path = String::new();
        for (index, (x, y)) in edge.points.iter().enumerate() {
            let _ = write!(path, "{}{} {}", if index == 0 { "M" } else { "L" }, num(*x), num(*y));
        }
        let just_taken = coloring.is_some_and(|coloring| {
            let from = names.get(edge.from.as_str()).copied().unwrap_or("");
            let to = names.get(edge.to.as_str()).copied().unwrap_or("");
            coloring
                .last_transition
                .as_ref()
                .is_some_and(|(last_from, last_to)| last_from == from && last_to == to)
        });
        let _ = write!(
            out,
            "<path class=\"edge {kind}{}{}\" d=\"{path}\" marker-end=\"url(#{})\"/>",
            if taken { " taken" } else { "" },
            if just_taken { " just-taken" } else { "" },
            if taken { "arrow-taken" } else { "arrow" }
        );
    }
    for edge in &drawing.edges {
        let (Some(label), Some(rect_box)) = (&edge.label, &edge.label_rect) else {
            continue;
        };
        let kind = if edge.kind == EdgeKind::Catch { " catch" } else { "" };
        let _ = write!(out, "<g class=\"edge-label{kind}\">");
        rect(&mut out, rect_box, 3.0);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            num(rect_box.x + rect_box.width / 2.0),
            num(rect_box.y + rect_box.height - 4.0),
            escape(label)
        );
    }

    for node in drawing.nodes.iter().filter(|node| node.shape != NodeShape::Container) {
        let cx = node.rect.x + node.rect.width / 2.0;
        let cy = node.rect.y + node.rect.height / 2.0;
        match node.shape {
            NodeShape::Start | NodeShape::End => {
                let class = if node.shape == NodeShape::Start { "start" } else { "end" };
                let _ = write!(
                    out,
                    "<g class=\"marker {class}\" role=\"img\" aria-label=\"{}\"><circle cx=\"{}\" cy=\"{}\" r=\"{}\"/></g>",
                    node.name,
                    num(cx),
                    num(cy),
                    num(node.rect.width / 2.0 - 2.0)
                );
            }
            _ => {
                open_state_group(&mut out, node, "", coloring, options);
                rect(
                    &mut out,
                    &node.rect,
                    if node.type_name == "Choice" { 16.0 } else { 6.0 },
                );
                breakpoint_marker(&mut out, node, options);
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text> <text class=\"type\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    num(cx),
                    num(cy - 2.0),
                    escape(&node.name),
                    num(cx),
                    num(cy + 13.0),
                    node.type_name
                );
                count_badge(&mut out, coloring, &node.name, &node.rect);
                out.push_str("</g>");
            }
        }
    }

    if coloring.is_some() {
        let y = drawing.height + 10.0;
        out.push_str("<g class=\"legend\">");
        let entries = [
            ("status-succeeded", "succeeded"),
            ("status-failed", "failed"),
            ("status-caught", "caught"),
            ("status-running", "running"),
            ("last", "last entered"),
            ("not-reached", "not reached"),
        ];
        let mut x = 10.0;
        for (class, label) in entries {
            let _ = write!(
                out,
                "<g class=\"node {class}\"><rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" rx=\"3\"/></g><text x=\"{}\" y=\"{}\">{label}</text>",
                num(x),
                num(y),
                num(x + 19.0),
                num(y + 11.0)
            );
            x += 26.0 + label.len() as f64 * 6.5;
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// Opens the focusable `<g>` of a state (`extra` is "container " for Parallel and Map boxes).
fn open_state_group(
    out: &mut String,
    node: &NodeBox,
    extra: &str,
    coloring: Option<&RunColoring>,
    options: &SvgOptions,
) {
    let status = coloring
        .map(|coloring| state_class(coloring, &node.name))
        .unwrap_or_default();
    let selected = if options.selected.as_deref() == Some(node.id.as_str()) {
        " selected"
    } else {
        ""
    };
    let marks = options
        .marks
        .get(&node.id)
        .map(|marks| format!(" {}", escape(marks)))
        .unwrap_or_default();
    // The accessible name is the text the state shows, in order (name, type, a container's
    // subtitle, the visit count), as WCAG's "label in name" asks of a control; a space between
    // the `<text>` elements (invisible in SVG) keeps checkers from reading "ProcessPaymentTask".
    let subtitle = node
        .subtitle
        .as_ref()
        .map(|subtitle| format!(" {}", escape(subtitle)))
        .unwrap_or_default();
    let visits = coloring
        .and_then(|coloring| coloring.states.get(&node.name))
        .filter(|(_, visits)| *visits > 1)
        .map(|(_, visits)| format!(" ×{visits}"))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<g class=\"node {extra}{}{status}{selected}{marks}\" data-id=\"{}\" data-name=\"{}\" tabindex=\"0\" role=\"button\" aria-label=\"{} {}{subtitle}{visits}\">",
        node.type_name.to_ascii_lowercase(),
        escape(&node.id),
        escape(&node.name),
        escape(&node.name),
        node.type_name
    );
}

/// A debugger's breakpoint toggle, in the top-left corner of a state.
fn breakpoint_marker(out: &mut String, node: &NodeBox, options: &SvgOptions) {
    if !options.breakpoint_markers {
        return;
    }
    let _ = write!(
        out,
        "<circle class=\"bp\" data-bp=\"{}\" cx=\"{}\" cy=\"{}\" r=\"5\"><title>Toggle a breakpoint on {}</title></circle>",
        escape(&node.id),
        num(node.rect.x + 7.0),
        num(node.rect.y + 7.0),
        escape(&node.name)
    );
}

fn state_class(coloring: &RunColoring, name: &str) -> String {
    let last = if coloring.last.as_deref() == Some(name) {
        " last"
    } else {
        ""
    };
    match coloring.states.get(name) {
        Some((status, _)) => format!(" {}{last}", status.class()),
        None => " not-reached".to_owned(),
    }
}

fn count_badge(out: &mut String, coloring: Option<&RunColoring>, name: &str, rect_box: &Rect) {
    if let Some((_, visits)) = coloring.and_then(|coloring| coloring.states.get(name))
        && *visits > 1
    {
        let _ = write!(
            out,
            " <text class=\"count\" x=\"{}\" y=\"{}\" text-anchor=\"end\">×{visits}</text>",
            num(rect_box.x + rect_box.width - 5.0),
            num(rect_box.y + 11.0)
        );
    }
}

fn rect(out: &mut String, rect_box: &Rect, radius: f64) {
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
        num(rect_box.x),
        num(rect_box.y),
        num(rect_box.width),
        num(rect_box.height),
        num(radius)
    );
}
