//! Layout: each machine as a flat layered graph, containers sized by what they hold.

use std::collections::HashMap;
use std::sync::Arc;

use asl::machine::{Condition, Definition, MachineId, Operand, StateId, StateKind, Test, TypeTest};

/// A rectangle, top-left corner and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.width <= self.x + self.width
            && other.y + other.height <= self.y + self.height
    }

    fn offset(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShape {
    Start,
    End,
    State,
    /// A Parallel or Map state drawn as a box around its branches or item processor.
    Container,
}

/// A node of the drawing, in absolute coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// Unique in the drawing: the JSON Pointer of the state, or of its machine plus `#start`/`#end`.
    pub id: String,
    pub name: String,
    pub type_name: &'static str,
    pub shape: NodeShape,
    pub rect: Rect,
    /// The state this node draws, when it draws one.
    pub state: Option<(MachineId, StateId)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Start,
    Next,
    Choice,
    Default,
    Catch,
    End,
}

/// An edge, as a polyline in absolute coordinates, with its label's box.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    pub points: Vec<(f64, f64)>,
    pub label: Option<String>,
    pub label_rect: Option<Rect>,
}

/// The laid-out drawing of a whole definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
}

/// Layouts of machines already computed, by structure.
#[derive(Default)]
pub struct LayoutCache {
    entries: HashMap<String, Arc<Drawing>>,
    hits: u64,
    misses: u64,
}

impl LayoutCache {
    pub fn new() -> LayoutCache {
        LayoutCache::default()
    }

    /// (hits, misses) since the cache was made.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }
}

const CHAR_WIDTH: f64 = 7.2;
const STATE_HEIGHT: f64 = 44.0;
const MARKER_SIZE: f64 = 22.0;
const CONTAINER_HEADER: f64 = 30.0;
const CONTAINER_PADDING: f64 = 14.0;
const BRANCH_GAP: f64 = 24.0;
const LABEL_HEIGHT: f64 = 16.0;
const MAX_LABEL_CHARS: usize = 32;

/// Lays out a definition (valid or half-written: what lowering understood).
pub fn layout(definition: &Definition) -> Drawing {
    layout_cached(definition, &mut LayoutCache::new())
}

/// Lays out a definition, reusing the sub-layouts of unchanged machines.
pub fn layout_cached(definition: &Definition, cache: &mut LayoutCache) -> Drawing {
    if definition.machines.is_empty() {
        return Drawing::default();
    }
    (*layout_machine(definition, MachineId::ROOT, cache, 0)).clone()
}

/// Width of a text in the drawing's font, estimated.
pub(crate) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL_CHARS {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(MAX_LABEL_CHARS - 1).collect::<String>())
    }
}

/// The label of a Choice rule: a short form of its condition, e.g. `$.amount > 100`.
pub fn condition_label(condition: &Condition) -> String {
    let res = match condition {
        Condition::And(inner) => inner.iter().map(condition_label).collect::<Vec<_>>().join(" and "),
        Condition::Or(inner) => inner.iter().map(condition_label).collect::<Vec<_>>().join(" or "),
        Condition::Not(inner) => format!("not ({})", condition_label(inner)),
        Condition::Jsonata(condition) => condition.summary(),
        Condition::Test { variable, test } => match test {
            Test::Is(type_test, expected) => {
                let what = match type_test {
                    TypeTest::Null => "null",
                    TypeTest::Present => "present",
                    TypeTest::Numeric => "numeric",
                    TypeTest::String => "a string",
                    TypeTest::Boolean => "a boolean",
                    TypeTest::Timestamp => "a timestamp",
                };
                format!("{variable} is {}{what}", if *expected { "" } else { "not " })
            }
            Test::StringMatches(pattern) => {
                let pattern: String = pattern
                    .iter()
                    .map(|part| match part {
                        asl::machine::GlobPart::Star => "*".to_owned(),
                        asl::machine::GlobPart::Literal(text) => text.clone(),
                    })
                    .collect();
                format!("{variable} matches \"{pattern}\"")
            }
            Test::Compare { op, operand, .. } => {
                let op = match op {
                    asl::machine::CompareOp::Equals => "==",
                    asl::machine::CompareOp::LessThan => "<",
                    asl::machine::CompareOp::GreaterThan => ">",
                    asl::machine::CompareOp::LessThanEquals => "<=",
                    asl::machine::CompareOp::GreaterThanEquals => ">=",
                };
                let operand = match operand {
                    Operand::Literal(value) => value.to_json(),
                    Operand::Timestamp(millis) => asl::time::format_timestamp(*millis),
                    Operand::Path(path) => path.text().to_owned(),
                };
                format!("{variable} {op} {operand}")
            }
        },
    };
    shorten(&res)
}

struct PendingEdge {
    from: String,
    to: String,
    kind: EdgeKind,
    label: Option<String>,
}

/// A structural key of a machine: equal keys lay out identically.
fn fingerprint(definition: &Definition, machine_id: MachineId, depth: usize) -> String {
    use std::fmt::Write as _;
    let machine = &definition.machines[machine_id.0 as usize];
    let mut res = format!("{}|{:?}|", machine.pointer, machine.start);
    for state in &machine.states {
        let _ = write!(
            res,
            "{}:{}:{:?}:{};",
            state.name,
            state.type_name(),
            state.next,
            state.catch.len()
        );
        for catcher in &state.catch {
            let _ = write!(res, "c{:?}{:?};", catcher.error_equals, catcher.next);
        }
        match &state.kind {
            StateKind::Choice { choices, default } => {
                for rule in choices {
                    let _ = write!(res, "r{}>{:?};", condition_label(&rule.condition), rule.next);
                }
                let _ = write!(res, "d{default:?};");
            }
            StateKind::Parallel { branches } if depth < 64 => {
                for branch in branches {
                    let _ = write!(res, "[{}]", fingerprint(definition, *branch, depth + 1));
                }
            }
            StateKind::Map(spec) if depth < 64 => {
                let _ = write!(res, "[{}]", fingerprint(definition, spec.processor, depth + 1));
            }
            _ => {}
        }
    }
    res
}

fn layout_machine(
    definition: &Definition,
    machine_id: MachineId,
    cache: &mut LayoutCache,
    depth: usize,
) -> Arc<Drawing> {
    let key = fingerprint(definition, machine_id, 0);
    if let Some(hit) = cache.entries.get(&key) {
        cache.hits += 1;
        return hit.clone();
    }
    cache.misses += 1;
    let machine = &definition.machines[machine_id.0 as usize];
    let start_id = format!("{}#start", machine.pointer);
    let end_id = format!("{}#end", machine.pointer);

    // Children first: each container's size is that of what it holds.
    let mut inner: Vec<Vec<Arc<Drawing>>> = Vec::with_capacity(machine.states.len());
    for state in &machine.states {
        let children: Vec<MachineId> = match &state.kind {
            StateKind::Parallel { branches } => branches.clone(),
            StateKind::Map(spec) => vec![spec.processor],
            _ => Vec::new(),
        };
        inner.push(if depth < 32 {
            children
                .iter()
                .map(|child| layout_machine(definition, *child, cache, depth + 1))
                .collect()
        } else {
            Vec::new()
        });
    }

    let mut sizes: Vec<(f64, f64)> = Vec::with_capacity(machine.states.len());
    for (state, children) in machine.states.iter().zip(&inner) {
        let header = text_width(&format!("{} ({})", state.name, state.type_name())) + 2.0 * CONTAINER_PADDING;
        if children.is_empty() {
            let width = text_width(&state.name).max(text_width(state.type_name())) + 28.0;
            sizes.push((width.max(90.0), STATE_HEIGHT));
        } else {
            let content_width: f64 =
                children.iter().map(|child| child.width).sum::<f64>() + BRANCH_GAP * (children.len() as f64 - 1.0);
            let content_height = children.iter().map(|child| child.height).fold(0.0, f64::max);
            sizes.push((
                (content_width + 2.0 * CONTAINER_PADDING).max(header),
                content_height + CONTAINER_HEADER + CONTAINER_PADDING,
            ));
        }
    }

    let mut edges: Vec<PendingEdge> = Vec::new();
    let id_of = |state: StateId| {
        machine
            .states
            .get(state.0 as usize)
            .map(|target| target.pointer.clone())
    };
    if let Some(target) = machine.start.and_then(id_of) {
        edges.push(PendingEdge {
            from: start_id.clone(),
            to: target,
            kind: EdgeKind::Start,
            label: None,
        });
    }
    let mut has_end = false;
    for state in &machine.states {
        let from = state.pointer.clone();
        if let Some(target) = state.next.and_then(id_of) {
            edges.push(PendingEdge {
                from: from.clone(),
                to: target,
                kind: EdgeKind::Next,
                label: None,
            });
        }
        if let StateKind::Choice { choices, default } = &state.kind {
            for rule in choices {
                if let Some(target) = rule.next.and_then(id_of) {
                    edges.push(PendingEdge {
                        from: from.clone(),
                        to: target,
                        kind: EdgeKind::Choice,
                        label: Some(condition_label(&rule.condition)),
                    });
                }
            }
            if let Some(target) = default.and_then(id_of) {
                edges.push(PendingEdge {
                    from: from.clone(),
                    to: target,
                    kind: EdgeKind::Default,
                    label: Some("default".to_owned()),
                });
            }
        }
        for catcher in &state.catch {
            if let Some(target) = catcher.next.and_then(id_of) {
                edges.push(PendingEdge {
                    from: from.clone(),
                    to: target,
                    kind: EdgeKind::Catch,
                    label: Some(shorten(&catcher.error_equals.join(", "))),
                });
            }
        }
        let terminal = matches!(state.kind, StateKind::Succeed | StateKind::Fail { .. })
            || (state.next.is_none() && !matches!(state.kind, StateKind::Choice { .. }));
        if terminal {
            has_end = true;
            edges.push(PendingEdge {
                from,
                to: end_id.clone(),
                kind: EdgeKind::End,
                label: None,
            });
        }
    }

    let mut graph: dagre::graph::Graph<dagre::NodeLabel, dagre::EdgeLabel> =
        dagre::graph::Graph::with_options(dagre::graph::GraphOptions {
            directed: true,
            multigraph: true,
            compound: false,
        });
    let marker = |graph: &mut dagre::graph::Graph<dagre::NodeLabel, dagre::EdgeLabel>, id: &str| {
        let label = dagre::NodeLabel {
            width: MARKER_SIZE,
            height: MARKER_SIZE,
            ..Default::default()
        };
        graph.set_node(id.to_owned(), Some(label));
    };
    marker(&mut graph, &start_id);
    for (state, (width, height)) in machine.states.iter().zip(&sizes) {
        let label = dagre::NodeLabel {
            width: *width,
            height: *height,
            ..Default::default()
        };
        graph.set_node(state.pointer.clone(), Some(label));
    }
    if has_end {
        marker(&mut graph, &end_id);
    }
    for (index, edge) in edges.iter().enumerate() {
        let mut label = dagre::EdgeLabel::default();
        if let Some(text) = &edge.label {
            label.width = text_width(text) + 8.0;
            label.height = LABEL_HEIGHT;
            label.labelpos = dagre::layout::types::LabelPos::Center;
        }
        graph.set_edge(
            edge.from.clone(),
            edge.to.clone(),
            Some(label),
            Some(&format!("e{index}")),
        );
    }
    let options = dagre::LayoutOptions {
        nodesep: 36.0,
        ranksep: 44.0,
        edgesep: 14.0,
        marginx: 12.0,
        marginy: 12.0,
        ..Default::default()
    };
    dagre::layout(&mut graph, Some(options));

    let mut res = Drawing::default();
    if let Some(label) = graph.graph_label::<dagre::GraphLabel>() {
        res.width = label.width;
        res.height = label.height;
    }
    let center_rect = |graph: &dagre::graph::Graph<dagre::NodeLabel, dagre::EdgeLabel>, id: &str| {
        graph.node(id).map(|node| Rect {
            x: node.x.unwrap_or(0.0) - node.width / 2.0,
            y: node.y.unwrap_or(0.0) - node.height / 2.0,
            width: node.width,
            height: node.height,
        })
    };
    if let Some(rect) = center_rect(&graph, &start_id) {
        res.nodes.push(NodeBox {
            id: start_id.clone(),
            name: "Start".to_owned(),
            type_name: "Start",
            shape: NodeShape::Start,
            rect,
            state: None,
        });
    }
    for (index, (state, children)) in machine.states.iter().zip(&inner).enumerate() {
        let Some(rect) = center_rect(&graph, &state.pointer) else {
            continue;
        };
        let shape = if children.is_empty() {
            NodeShape::State
        } else {
            NodeShape::Container
        };
        res.nodes.push(NodeBox {
            id: state.pointer.clone(),
            name: state.name.to_string(),
            type_name: state.type_name(),
            shape,
            rect,
            state: Some((machine_id, StateId(index as u32))),
        });
        // Place the children inside, side by side, centred under the header.
        let content_width: f64 =
            children.iter().map(|child| child.width).sum::<f64>() + BRANCH_GAP * (children.len().max(1) as f64 - 1.0);
        let mut x = rect.x + (rect.width - content_width) / 2.0;
        for child in children {
            let dy = rect.y + CONTAINER_HEADER;
            res.nodes.extend(child.nodes.iter().map(|node| NodeBox {
                rect: node.rect.offset(x, dy),
                ..node.clone()
            }));
            res.edges.extend(child.edges.iter().map(|edge| EdgePath {
                points: edge.points.iter().map(|(px, py)| (px + x, py + dy)).collect(),
                label_rect: edge.label_rect.map(|label| label.offset(x, dy)),
                ..edge.clone()
            }));
            x += child.width + BRANCH_GAP;
        }
    }
    if has_end && let Some(rect) = center_rect(&graph, &end_id) {
        res.nodes.push(NodeBox {
            id: end_id.clone(),
            name: "End".to_owned(),
            type_name: "End",
            shape: NodeShape::End,
            rect,
            state: None,
        });
    }
    for (index, edge) in edges.into_iter().enumerate() {
        let Some(label) = graph.edge(&edge.from, &edge.to, Some(&format!("e{index}"))) else {
            continue;
        };
        let points = label.points.iter().map(|point| (point.x, point.y)).collect();
        let label_rect = edge.label.as_ref().and(label.x.zip(label.y)).map(|(x, y)| Rect {
            x: x - label.width / 2.0,
            y: y - label.height / 2.0,
            width: label.width,
            height: label.height,
        });
        res.edges.push(EdgePath {
            from: edge.from,
            to: edge.to,
            kind: edge.kind,
            points,
            label: edge.label,
            label_rect,
        });
    }
    let res = Arc::new(res);
    cache.entries.insert(key, res.clone());
    res
}
