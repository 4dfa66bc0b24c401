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

/// Vertical space between two states one above the other.
const RANK_SEP: f64 = 44.0;

/// Runs of states that follow each other with nothing else in between (one unlabelled edge
/// out of each, into a state with no other way in). dagre lays out each run as one tall node:
/// a 200-state workflow is mostly such runs, and dagre's cost grows with its node count far
/// faster than stacking them does. Every drawing it gives, dagre would give too, up to
/// perfectly straight runs.
struct Chains<'a> {
    /// Index of the node in `nodes` → its chain, if it is in one (of two or more nodes).
    of: Vec<Option<usize>>,
    /// The nodes of each chain, head first.
    members: Vec<Vec<usize>>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Chains<'a> {
    fn find(nodes: &'a [(String, (f64, f64))], edges: &[PendingEdge]) -> Chains<'a> {
        let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
        let mut out_degree = vec![0usize; nodes.len()];
        let mut in_degree = vec![0usize; nodes.len()];
        let mut next: Vec<Option<usize>> = vec![None; nodes.len()];
        for edge in edges {
            let (Some(&from), Some(&to)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str())) else {
                continue;
            };
            out_degree[from] += 1;
            in_degree[to] += 1;
            next[from] = (edge.label.is_none() && from != to).then_some(to);
        }
        // u → v links a chain when it is u's only edge out and v's only edge in.
        let link = |from: usize| next[from].filter(|&to| out_degree[from] == 1 && in_degree[to] == 1);
        let mut has_link_in = vec![false; nodes.len()];
        for from in 0..nodes.len() {
            if let Some(to) = link(from) {
                has_link_in[to] = true;
            }
        }
        let mut of = vec![None; nodes.len()];
        let mut members = Vec::new();
        for (head, linked_into) in has_link_in.iter().enumerate() {
            if *linked_into || link(head).is_none() {
                continue;
            }
            let mut chain = vec![head];
            let mut current = head;
            while let Some(to) = link(current) {
                if of[to].is_some() || chain.contains(&to) {
                    break;
                }
                chain.push(to);
                current = to;
            }
            if chain.len() > 1 {
                for member in &chain {
                    of[*member] = Some(members.len());
                }
                members.push(chain);
            }
        }
        Chains { of, members, index }
    }

    fn size(&self, chain: usize, nodes: &[(String, (f64, f64))]) -> (f64, f64) {
        let members = &self.members[chain];
        let width = members.iter().map(|member| nodes[*member].1.0).fold(0.0, f64::max);
        let height =
            members.iter().map(|member| nodes[*member].1.1).sum::<f64>() + RANK_SEP * (members.len() - 1) as f64;
        (width, height)
    }

    fn contains(&self, id: &str) -> bool {
        self.index.get(id).is_some_and(|index| self.of[*index].is_some())
    }

    /// Whether `from → to` is an edge inside a chain.
    fn is_link(&self, from: &str, to: &str) -> bool {
        match (self.index.get(from), self.index.get(to)) {
            (Some(&from), Some(&to)) => {
                self.of[from].is_some()
                    && self.of[from] == self.of[to]
                    && self.members[self.of[from].unwrap_or(0)]
                        .windows(2)
                        .any(|pair| pair[0] == from && pair[1] == to)
            }
            _ => false,
        }
    }
}

/// Where the segment from `outside` towards the centre of `rect` crosses its border.
fn clip_to_rect(outside: (f64, f64), rect: &Rect) -> (f64, f64) {
    let (cx, cy) = (rect.x + rect.width / 2.0, rect.y + rect.height / 2.0);
    let (dx, dy) = (outside.0 - cx, outside.1 - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, rect.y);
    }
    let (half_w, half_h) = (rect.width / 2.0, rect.height / 2.0);
    let scale = if dy.abs() * half_w > dx.abs() * half_h {
        half_h / dy.abs()
    } else {
        half_w / dx.abs()
    };
    (cx + dx * scale, cy + dy * scale)
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

    // Every node of this machine, in drawing order, with its size.
    let mut nodes: Vec<(String, (f64, f64))> = Vec::with_capacity(machine.states.len() + 2);
    nodes.push((start_id.clone(), (MARKER_SIZE, MARKER_SIZE)));
    for (state, size) in machine.states.iter().zip(&sizes) {
        nodes.push((state.pointer.clone(), *size));
    }
    if has_end {
        nodes.push((end_id.clone(), (MARKER_SIZE, MARKER_SIZE)));
    }
    let chains = Chains::find(&nodes, &edges);

    let mut graph: dagre::graph::Graph<dagre::NodeLabel, dagre::EdgeLabel> =
        dagre::graph::Graph::with_options(dagre::graph::GraphOptions {
            directed: true,
            multigraph: true,
            compound: false,
        });
    for (index, (id, (width, height))) in nodes.iter().enumerate() {
        let (width, height) = match chains.of[index] {
            // A chain is one tall node, named after its head; its other members are not in the graph.
            Some(chain) if chains.members[chain][0] == index => chains.size(chain, &nodes),
            Some(_) => continue,
            None => (*width, *height),
        };
        let label = dagre::NodeLabel {
            width,
            height,
            ..Default::default()
        };
        graph.set_node(id.clone(), Some(label));
    }
    let graph_id = |id: &str| -> String {
        match chains.index.get(id).and_then(|index| chains.of[*index]) {
            Some(chain) => nodes[chains.members[chain][0]].0.clone(),
            None => id.to_owned(),
        }
    };
    for (index, edge) in edges.iter().enumerate() {
        if chains.is_link(&edge.from, &edge.to) {
            continue;
        }
        let mut label = dagre::EdgeLabel::default();
        if let Some(text) = &edge.label {
            label.width = text_width(text) + 8.0;
            label.height = LABEL_HEIGHT;
            label.labelpos = dagre::layout::types::LabelPos::Center;
        }
        graph.set_edge(
            graph_id(&edge.from),
            graph_id(&edge.to),
            Some(label),
            Some(&format!("e{index}")),
        );
    }
    let options = dagre::LayoutOptions {
        nodesep: 36.0,
        ranksep: RANK_SEP,
        edgesep: 14.0,
        marginx: 12.0,
        marginy: 12.0,
        ..Default::default()
    };
    dagre::layout(&mut graph, Some(options));

    // Where every node landed: chain members stacked inside their chain's node.
    let mut rects: HashMap<&str, Rect> = HashMap::with_capacity(nodes.len());
    for (index, (id, (width, height))) in nodes.iter().enumerate() {
        let Some(chain) = chains.of[index] else {
            if let Some(node) = graph.node(id) {
                rects.insert(
                    id,
                    Rect {
                        x: node.x.unwrap_or(0.0) - width / 2.0,
                        y: node.y.unwrap_or(0.0) - height / 2.0,
                        width: *width,
                        height: *height,
                    },
                );
            }
            continue;
        };
        let members = &chains.members[chain];
        if members[0] != index {
            continue;
        }
        let Some(node) = graph.node(id) else { continue };
        let (center_x, mut y) = (node.x.unwrap_or(0.0), node.y.unwrap_or(0.0) - node.height / 2.0);
        for member in members {
            let (member_id, (width, height)) = &nodes[*member];
            rects.insert(
                member_id,
                Rect {
                    x: center_x - width / 2.0,
                    y,
                    width: *width,
                    height: *height,
                },
            );
            y += height + RANK_SEP;
        }
    }

    let mut res = Drawing::default();
    if let Some(label) = graph.graph_label::<dagre::GraphLabel>() {
        res.width = label.width;
        res.height = label.height;
    }
    let center_rect = |id: &str| rects.get(id).copied();
    if let Some(rect) = center_rect(&start_id) {
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
        let Some(rect) = center_rect(&state.pointer) else {
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
    if has_end && let Some(rect) = center_rect(&end_id) {
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
        let (Some(from), Some(to)) = (center_rect(&edge.from), center_rect(&edge.to)) else {
            continue;
        };
        if chains.is_link(&edge.from, &edge.to) {
            // Inside a chain: straight down from one member to the next.
            let x = from.x + from.width / 2.0;
            res.edges.push(EdgePath {
                from: edge.from,
                to: edge.to,
                kind: edge.kind,
                points: vec![(x, from.y + from.height), (x, to.y)],
                label: None,
                label_rect: None,
            });
            continue;
        }
        let Some(label) = graph.edge(&graph_id(&edge.from), &graph_id(&edge.to), Some(&format!("e{index}"))) else {
            continue;
        };
        let mut points: Vec<(f64, f64)> = label.points.iter().map(|point| (point.x, point.y)).collect();
        // dagre ended the edge on its chain's node: end it on the member instead.
        if points.len() >= 2 {
            if chains.contains(&edge.from) {
                points[0] = clip_to_rect(points[1], &from);
            }
            if chains.contains(&edge.to) {
                let last = points.len() - 1;
                points[last] = clip_to_rect(points[last - 1], &to);
            }
        }
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
