//! A graph data structure supporting directed/undirected, simple/multi, and compound graphs.
//!
//! This is a Rust port of the graphlib library used by dagre.js.
//! Nodes are identified by string keys. Node and edge labels are generic.

pub mod alg;
pub mod json;

use std::fmt;

/// The graph's internal maps. Iteration order never reaches callers (the `*_order` vectors give
/// it), so a fast non-keyed hash is safe; SipHash was a tenth of the layout time.
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// Default node label factory type.
type NodeLabelFactory<N> = Option<Box<dyn Fn(&str) -> N>>;

/// Default edge label factory type.
type EdgeLabelFactory<E> = Option<Box<dyn Fn(&Edge) -> E>>;

/// Edge descriptor: source, target, and optional name (for multigraphs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edge {
    pub v: String,
    pub w: String,
    pub name: Option<String>,
}

impl Edge {
    pub fn new(v: impl Into<String>, w: impl Into<String>) -> Self {
        Self {
            v: v.into(),
            w: w.into(),
            name: None,
        }
    }

    pub fn with_name(v: impl Into<String>, w: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            v: v.into(),
            w: w.into(),
            name: Some(name.into()),
        }
    }
}

impl fmt::Display for Edge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{}->{}:{}", self.v, self.w, name),
            None => write!(f, "{}->{}", self.v, self.w),
        }
    }
}

/// Options for constructing a graph.
#[derive(Debug, Clone)]
pub struct GraphOptions {
    pub directed: bool,
    pub multigraph: bool,
    pub compound: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        Self {
            directed: true,
            multigraph: false,
            compound: false,
        }
    }
}

/// Construct an Edge from the edge descriptor (endpoints in canonical order).
fn edge_obj_for(directed: bool, v: &str, w: &str, name: Option<&str>) -> Edge {
    let (v, w) = if !directed && v > w { (w, v) } else { (v, w) };
    Edge {
        v: v.to_string(),
        w: w.to_string(),
        name: name.map(|s| s.to_string()),
    }
}

/// Index of a node or edge slot. Slots are never reused, so an index names one node (or edge)
/// for the graph's whole life; removing leaves an empty slot behind.
type Ix = u32;

/// A node: its name, label, adjacency and place in the hierarchy. Every list is in insertion
/// order, which is the iteration order graphlib (a JS object's key order) gives.
struct NodeSlot<N> {
    id: String,
    label: Option<N>,
    /// Edge slots, as graphlib's `_in`/`_out` (an undirected self-loop appears twice).
    in_edges: Vec<Ix>,
    out_edges: Vec<Ix>,
    /// Neighbour node slot and number of edges, as graphlib's `_preds`/`_sucs`.
    preds: Vec<(Ix, usize)>,
    sucs: Vec<(Ix, usize)>,
    /// Compound graphs: the parent (`None`: the root) and the children.
    parent: Option<Ix>,
    children: Vec<Ix>,
}

struct EdgeSlot<E> {
    edge: Edge,
    v: Ix,
    w: Ix,
    label: Option<E>,
    /// The next older edge between the same (canonical) endpoints, for multigraphs.
    next_same_ends: Option<Ix>,
}

/// Name of the hierarchy's root in graphlib; never a node here.
const GRAPH_NODE: &str = "\x00";

/// A graph supporting directed/undirected, simple/multigraph, and compound (hierarchical) modes.
///
/// Nodes are identified by `String` keys. Labels are generic:
/// - `N`: node label type
/// - `E`: edge label type
///
/// Internally nodes and edges live in slots indexed by integers, in insertion order; names are
/// looked up once per call. (The port first kept a dozen string-keyed maps in step, which cost
/// more than the layout algorithms using them.)
pub struct Graph<N = (), E = ()> {
    is_directed: bool,
    is_multigraph: bool,
    is_compound: bool,

    // Graph-level label
    label: Option<Box<dyn std::any::Any>>,

    nodes: Vec<Option<NodeSlot<N>>>,
    node_index: HashMap<String, Ix>,
    node_count: usize,
    /// Compound graphs: the children of the root, in insertion order.
    root_children: Vec<Ix>,

    edges: Vec<Option<EdgeSlot<E>>>,
    /// Canonical (v, w) → the newest edge between them (older ones via `next_same_ends`).
    edge_index: HashMap<(Ix, Ix), Ix>,
    edge_count: usize,

    // Default label factories
    default_node_label: NodeLabelFactory<N>,
    default_edge_label: EdgeLabelFactory<E>,
}

/// Add one edge to a neighbour count list (graphlib's `incrementOrInitEntry`).
fn increment(list: &mut Vec<(Ix, usize)>, node: Ix) {
    match list.iter_mut().find(|(n, _)| *n == node) {
        Some((_, count)) => *count += 1,
        None => list.push((node, 1)),
    }
}

/// Remove one edge from a neighbour count list (graphlib's `decrementOrRemoveEntry`).
fn decrement(list: &mut Vec<(Ix, usize)>, node: Ix) {
    if let Some(position) = list.iter().position(|(n, _)| *n == node) {
        list[position].1 -= 1;
        if list[position].1 == 0 {
            list.remove(position);
        }
    }
}

impl<N, E> Graph<N, E> {
    /// Create a new graph with default options (directed, simple, non-compound).
    pub fn new() -> Self {
        Self::with_options(GraphOptions::default())
    }

    /// Create a new graph with the given options.
    pub fn with_options(opts: GraphOptions) -> Self {
        Self {
            is_directed: opts.directed,
            is_multigraph: opts.multigraph,
            is_compound: opts.compound,
            label: None,
            nodes: Vec::new(),
            node_index: HashMap::default(),
            node_count: 0,
            root_children: Vec::new(),
            edges: Vec::new(),
            edge_index: HashMap::default(),
            edge_count: 0,
            default_node_label: None,
            default_edge_label: None,
        }
    }

    // --- Internal lookups ---

    fn ix(&self, v: &str) -> Option<Ix> {
        self.node_index.get(v).copied()
    }

    fn slot(&self, ix: Ix) -> &NodeSlot<N> {
        self.nodes[ix as usize].as_ref().expect("a live node index")
    }

    fn slot_mut(&mut self, ix: Ix) -> &mut NodeSlot<N> {
        self.nodes[ix as usize].as_mut().expect("a live node index")
    }

    fn edge_slot(&self, ix: Ix) -> &EdgeSlot<E> {
        self.edges[ix as usize].as_ref().expect("a live edge index")
    }

    fn live_nodes(&self) -> impl Iterator<Item = &NodeSlot<N>> {
        self.nodes.iter().flatten()
    }

    fn names(&self, list: impl Iterator<Item = Ix>) -> Vec<String> {
        list.map(|ix| self.slot(ix).id.clone()).collect()
    }

    /// The slot of the edge `v -> w` named `name`, endpoints in any order if undirected.
    /// (An empty name is the same as none, as in the port's former string edge ids.)
    fn find_edge(&self, v: &str, w: &str, name: Option<&str>) -> Option<Ix> {
        let (v, w) = if !self.is_directed && v > w {
            (w, v)
        } else {
            (v, w)
        };
        let key = (self.ix(v)?, self.ix(w)?);
        let name = name.unwrap_or("");
        let mut current = self.edge_index.get(&key).copied();
        while let Some(ix) = current {
            let slot = self.edge_slot(ix);
            if slot.edge.name.as_deref().unwrap_or("") == name {
                return Some(ix);
            }
            current = slot.next_same_ends;
        }
        None
    }

    // --- Graph-level ---

    pub fn is_directed(&self) -> bool {
        self.is_directed
    }

    pub fn is_multigraph(&self) -> bool {
        self.is_multigraph
    }

    pub fn is_compound(&self) -> bool {
        self.is_compound
    }

    pub fn set_default_node_label(&mut self, f: impl Fn(&str) -> N + 'static) {
        self.default_node_label = Some(Box::new(f));
    }

    pub fn set_default_edge_label(&mut self, f: impl Fn(&Edge) -> E + 'static) {
        self.default_edge_label = Some(Box::new(f));
    }

    /// Set the graph-level label.
    pub fn set_graph_label<L: 'static>(&mut self, label: L) {
        self.label = Some(Box::new(label));
    }

    /// Get a reference to the graph-level label, downcasted to the expected type.
    pub fn graph_label<L: 'static>(&self) -> Option<&L> {
        self.label.as_ref().and_then(|l| l.downcast_ref::<L>())
    }

    /// Get a mutable reference to the graph-level label, downcasted to the expected type.
    pub fn graph_label_mut<L: 'static>(&mut self) -> Option<&mut L> {
        self.label.as_mut().and_then(|l| l.downcast_mut::<L>())
    }

    /// Look up an edge label by an Edge descriptor.
    pub fn edge_by_obj(&self, e: &Edge) -> Option<&E> {
        self.edge(&e.v, &e.w, e.name.as_deref())
    }

    /// Look up a mutable edge label by an Edge descriptor.
    pub fn edge_by_obj_mut(&mut self, e: &Edge) -> Option<&mut E> {
        self.edge_mut(&e.v, &e.w, e.name.as_deref())
    }

    // --- Node operations ---

    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// Returns all node IDs in insertion order.
    pub fn nodes(&self) -> Vec<String> {
        self.live_nodes().map(|slot| slot.id.clone()).collect()
    }

    /// Every node's ID and label, in insertion order, without copying them.
    pub fn node_labels(&self) -> impl Iterator<Item = (&str, Option<&N>)> {
        self.live_nodes()
            .map(|slot| (slot.id.as_str(), slot.label.as_ref()))
    }

    /// Returns nodes with no in-edges (in insertion order).
    pub fn sources(&self) -> Vec<String> {
        self.live_nodes()
            .filter(|slot| slot.in_edges.is_empty())
            .map(|slot| slot.id.clone())
            .collect()
    }

    /// Returns nodes with no out-edges (in insertion order).
    pub fn sinks(&self) -> Vec<String> {
        self.live_nodes()
            .filter(|slot| slot.out_edges.is_empty())
            .map(|slot| slot.id.clone())
            .collect()
    }

    /// Set a node with an optional label. Creates the node if it doesn't exist.
    pub fn set_node(&mut self, v: impl Into<String>, label: Option<N>) -> &mut Self {
        let v = v.into();
        self.ensure_node(v, label);
        self
    }

    /// `set_node`, returning the node's slot.
    fn ensure_node(&mut self, v: String, label: Option<N>) -> Ix {
        if let Some(ix) = self.ix(&v) {
            if label.is_some() {
                self.slot_mut(ix).label = label;
            }
            return ix;
        }

        let label = if label.is_some() {
            label
        } else {
            self.default_node_label.as_ref().map(|f| f(&v))
        };

        let ix = self.nodes.len() as Ix;
        self.node_index.insert(v.clone(), ix);
        self.nodes.push(Some(NodeSlot {
            id: v,
            label,
            in_edges: Vec::new(),
            out_edges: Vec::new(),
            preds: Vec::new(),
            sucs: Vec::new(),
            parent: None,
            children: Vec::new(),
        }));
        self.node_count += 1;
        if self.is_compound {
            self.root_children.push(ix);
        }
        ix
    }

    /// Get a reference to a node's label.
    pub fn node(&self, v: &str) -> Option<&N> {
        self.ix(v).and_then(|ix| self.slot(ix).label.as_ref())
    }

    /// Get a mutable reference to a node's label.
    pub fn node_mut(&mut self, v: &str) -> Option<&mut N> {
        let ix = self.ix(v)?;
        self.slot_mut(ix).label.as_mut()
    }

    /// Check if a node exists.
    pub fn has_node(&self, v: &str) -> bool {
        self.node_index.contains_key(v)
    }

    /// Remove a node and all incident edges.
    pub fn remove_node(&mut self, v: &str) -> Option<N> {
        let ix = self.ix(v)?;

        // Remove incident edges
        let incident: Vec<Ix> = {
            let slot = self.slot(ix);
            slot.in_edges
                .iter()
                .chain(&slot.out_edges)
                .copied()
                .collect()
        };
        for edge in incident {
            self.remove_edge_slot(edge);
        }

        // Remove from compound hierarchy: the children move up to this node's parent.
        if self.is_compound {
            let parent = self.slot(ix).parent;
            let children = std::mem::take(&mut self.slot_mut(ix).children);
            for child in children {
                self.slot_mut(child).parent = parent;
                let siblings = self.children_of_mut(parent);
                if !siblings.contains(&child) {
                    siblings.push(child);
                }
            }
            self.children_of_mut(parent).retain(|&n| n != ix);
        }

        self.node_index.remove(v);
        self.node_count -= 1;
        self.nodes[ix as usize].take().and_then(|slot| slot.label)
    }

    fn children_of_mut(&mut self, parent: Option<Ix>) -> &mut Vec<Ix> {
        match parent {
            Some(parent) => &mut self.slot_mut(parent).children,
            None => &mut self.root_children,
        }
    }

    // --- Compound graph operations ---

    /// Set the parent of a node. Both nodes must exist. Pass `None` to set parent to root.
    /// Panics if setting the parent would create a cycle in the parent hierarchy
    /// (i.e. if `parent` is a descendant of `v`).
    pub fn set_parent(&mut self, v: &str, parent: Option<&str>) -> &mut Self {
        assert!(
            self.is_compound,
            "Cannot set parent in a non-compound graph"
        );

        let parent = parent.filter(|p| *p != GRAPH_NODE);

        // Ensure parent node exists (unless it's the root)
        let parent_ix = parent.map(|p| self.ensure_node(p.to_string(), None));
        let ix = match self.ix(v) {
            Some(ix) => ix,
            None => self.ensure_node(v.to_string(), None),
        };

        // Check for cycle: walk up from `parent` and make sure we don't reach `v`
        let mut ancestor = parent_ix;
        while let Some(a) = ancestor {
            if a == ix {
                panic!(
                    "Setting {} as parent of {} would create a cycle",
                    parent.unwrap_or_default(),
                    v
                );
            }
            ancestor = self.slot(a).parent;
        }

        // Remove from old parent
        let old_parent = self.slot(ix).parent;
        self.children_of_mut(old_parent).retain(|&n| n != ix);

        // Set new parent
        self.slot_mut(ix).parent = parent_ix;
        let siblings = self.children_of_mut(parent_ix);
        if !siblings.contains(&ix) {
            siblings.push(ix);
        }

        self
    }

    /// Get the parent of a node. Returns None for top-level nodes or if not compound.
    pub fn parent(&self, v: &str) -> Option<&str> {
        if !self.is_compound {
            return None;
        }
        let parent = self.slot(self.ix(v)?).parent?;
        Some(self.slot(parent).id.as_str())
    }

    /// Get children of a node. Pass None to get top-level nodes.
    pub fn children(&self, v: Option<&str>) -> Vec<String> {
        if !self.is_compound {
            if v.is_none() {
                return self.nodes();
            }
            return vec![];
        }

        match v.filter(|v| *v != GRAPH_NODE) {
            None => self.names(self.root_children.iter().copied()),
            Some(v) => match self.ix(v) {
                Some(ix) => self.names(self.slot(ix).children.iter().copied()),
                None => Vec::new(),
            },
        }
    }

    // --- Adjacency ---

    /// Get predecessors of a node (nodes with edges pointing to v), in insertion order.
    pub fn predecessors(&self, v: &str) -> Option<Vec<String>> {
        let slot = self.slot(self.ix(v)?);
        Some(self.names(slot.preds.iter().map(|(n, _)| *n)))
    }

    /// Get successors of a node (nodes that v points to), in insertion order.
    pub fn successors(&self, v: &str) -> Option<Vec<String>> {
        let slot = self.slot(self.ix(v)?);
        Some(self.names(slot.sucs.iter().map(|(n, _)| *n)))
    }

    /// Get all neighbors of a node (union of predecessors and successors), in insertion order.
    pub fn neighbors(&self, v: &str) -> Option<Vec<String>> {
        let slot = self.slot(self.ix(v)?);
        let mut seen: Vec<Ix> = Vec::with_capacity(slot.preds.len() + slot.sucs.len());
        for (n, _) in slot.preds.iter().chain(&slot.sucs) {
            if !seen.contains(n) {
                seen.push(*n);
            }
        }
        Some(self.names(seen.into_iter()))
    }

    /// Check if a node has no outgoing edges.
    pub fn is_leaf(&self, v: &str) -> bool {
        match if self.is_directed {
            self.successors(v)
        } else {
            self.neighbors(v)
        } {
            Some(ns) => ns.is_empty(),
            None => false,
        }
    }

    // --- Edge operations ---

    pub fn edge_count(&self) -> usize {
        self.edge_count
    }

    /// Returns all edge descriptors in insertion order.
    pub fn edges(&self) -> Vec<Edge> {
        self.edges
            .iter()
            .flatten()
            .map(|slot| slot.edge.clone())
            .collect()
    }

    /// Set an edge with an optional label. Creates endpoint nodes if they don't exist.
    pub fn set_edge(
        &mut self,
        v: impl Into<String>,
        w: impl Into<String>,
        label: Option<E>,
        name: Option<&str>,
    ) -> &mut Self {
        let v = v.into();
        let w = w.into();

        if let Some(ix) = self.find_edge(&v, &w, name) {
            if label.is_some() {
                self.edges[ix as usize]
                    .as_mut()
                    .expect("a live edge index")
                    .label = label;
            }
            return self;
        }

        if !self.is_multigraph && name.is_some() {
            panic!("Cannot set a named edge on a non-multigraph");
        }

        let e = edge_obj_for(self.is_directed, &v, &w, name);

        // Ensure nodes exist (in the order given, which is their insertion order)
        let (vi, wi) = (self.ensure_node(v, None), self.ensure_node(w, None));
        let (ev, ew) = if e.v == self.slot(vi).id {
            (vi, wi)
        } else {
            (wi, vi)
        };

        let label = if label.is_some() {
            label
        } else {
            self.default_edge_label.as_ref().map(|f| f(&e))
        };

        let ix = self.edges.len() as Ix;
        let next_same_ends = self.edge_index.insert((ev, ew), ix);
        self.edges.push(Some(EdgeSlot {
            edge: e,
            v: ev,
            w: ew,
            label,
            next_same_ends,
        }));
        self.edge_count += 1;

        // Update adjacency
        self.slot_mut(ew).in_edges.push(ix);
        self.slot_mut(ev).out_edges.push(ix);
        increment(&mut self.slot_mut(ew).preds, ev);
        increment(&mut self.slot_mut(ev).sucs, ew);

        // For undirected graphs, add reverse adjacency as well
        if !self.is_directed {
            self.slot_mut(ev).in_edges.push(ix);
            self.slot_mut(ew).out_edges.push(ix);
            increment(&mut self.slot_mut(ev).preds, ew);
            increment(&mut self.slot_mut(ew).sucs, ev);
        }

        self
    }

    /// Get a reference to an edge's label.
    pub fn edge(&self, v: &str, w: &str, name: Option<&str>) -> Option<&E> {
        let ix = self.find_edge(v, w, name)?;
        self.edge_slot(ix).label.as_ref()
    }

    /// Get a mutable reference to an edge's label.
    pub fn edge_mut(&mut self, v: &str, w: &str, name: Option<&str>) -> Option<&mut E> {
        let ix = self.find_edge(v, w, name)?;
        self.edges[ix as usize].as_mut()?.label.as_mut()
    }

    /// Check if an edge exists.
    pub fn has_edge(&self, v: &str, w: &str, name: Option<&str>) -> bool {
        self.find_edge(v, w, name).is_some()
    }

    /// Remove an edge.
    pub fn remove_edge(&mut self, v: &str, w: &str, name: Option<&str>) -> Option<E> {
        let ix = self.find_edge(v, w, name)?;
        self.remove_edge_slot(ix)
    }

    fn remove_edge_slot(&mut self, ix: Ix) -> Option<E> {
        let slot = self.edges[ix as usize].take()?;
        self.edge_count -= 1;

        // Unlink from the list of edges with the same ends
        let key = (slot.v, slot.w);
        if self.edge_index.get(&key) == Some(&ix) {
            match slot.next_same_ends {
                Some(next) => {
                    self.edge_index.insert(key, next);
                }
                None => {
                    self.edge_index.remove(&key);
                }
            }
        } else {
            let mut current = self.edge_index.get(&key).copied();
            while let Some(at) = current {
                let edge = self.edges[at as usize].as_mut().expect("a live edge index");
                if edge.next_same_ends == Some(ix) {
                    edge.next_same_ends = slot.next_same_ends;
                    break;
                }
                current = edge.next_same_ends;
            }
        }

        // Update adjacency
        let (v, w) = (slot.v, slot.w);
        self.slot_mut(w).in_edges.retain(|&e| e != ix);
        self.slot_mut(v).out_edges.retain(|&e| e != ix);
        decrement(&mut self.slot_mut(w).preds, v);
        decrement(&mut self.slot_mut(v).sucs, w);

        // For undirected graphs, also remove the reverse adjacency entries
        if !self.is_directed {
            self.slot_mut(v).in_edges.retain(|&e| e != ix);
            self.slot_mut(w).out_edges.retain(|&e| e != ix);
            decrement(&mut self.slot_mut(v).preds, w);
            decrement(&mut self.slot_mut(w).sucs, v);
        }

        slot.label
    }

    fn edge_list(&self, list: &[Ix], other_end: Option<&str>, filter_on_v: bool) -> Vec<Edge> {
        list.iter()
            .map(|&ix| &self.edge_slot(ix).edge)
            .filter(|e| other_end.is_none_or(|u| if filter_on_v { e.v == u } else { e.w == u }))
            .cloned()
            .collect()
    }

    /// The in-edges of `v` with their labels, in insertion order, without copying anything
    /// (`in_edges(v, None)` without the clones). `None` if there is no node `v`.
    pub fn in_edges_labelled(
        &self,
        v: &str,
    ) -> Option<impl Iterator<Item = (&Edge, Option<&E>)> + '_> {
        Some(self.labelled(&self.slot(self.ix(v)?).in_edges))
    }

    /// The out-edges of `v` with their labels, as `in_edges_labelled`.
    pub fn out_edges_labelled(
        &self,
        v: &str,
    ) -> Option<impl Iterator<Item = (&Edge, Option<&E>)> + '_> {
        Some(self.labelled(&self.slot(self.ix(v)?).out_edges))
    }

    fn labelled<'a>(
        &'a self,
        list: &'a [Ix],
    ) -> impl Iterator<Item = (&'a Edge, Option<&'a E>)> + 'a {
        list.iter().map(|&ix| {
            let edge = self.edge_slot(ix);
            (&edge.edge, edge.label.as_ref())
        })
    }

    /// `predecessors(v)` without copying the names.
    pub fn predecessor_names(&self, v: &str) -> Option<impl Iterator<Item = &str> + '_> {
        let slot = self.slot(self.ix(v)?);
        Some(slot.preds.iter().map(|(n, _)| self.slot(*n).id.as_str()))
    }

    /// `successors(v)` without copying the names.
    pub fn successor_names(&self, v: &str) -> Option<impl Iterator<Item = &str> + '_> {
        let slot = self.slot(self.ix(v)?);
        Some(slot.sucs.iter().map(|(n, _)| self.slot(*n).id.as_str()))
    }

    /// Get incoming edges to a node, optionally filtered by source (in insertion order).
    pub fn in_edges(&self, v: &str, u: Option<&str>) -> Option<Vec<Edge>> {
        let slot = self.slot(self.ix(v)?);
        Some(self.edge_list(&slot.in_edges, u, true))
    }

    /// Get outgoing edges from a node, optionally filtered by target (in insertion order).
    pub fn out_edges(&self, v: &str, w: Option<&str>) -> Option<Vec<Edge>> {
        let slot = self.slot(self.ix(v)?);
        Some(self.edge_list(&slot.out_edges, w, false))
    }

    /// Get all edges incident to a node, optionally filtered by the other endpoint.
    pub fn node_edges(&self, v: &str, w: Option<&str>) -> Option<Vec<Edge>> {
        let mut result = self.in_edges(v, w)?;
        result.extend(self.out_edges(v, w)?);
        Some(result)
    }

    /// Set a chain of edges from a sequence of nodes.
    pub fn set_path(&mut self, nodes: &[&str], label: Option<E>) -> &mut Self
    where
        E: Clone,
    {
        for window in nodes.windows(2) {
            self.set_edge(window[0], window[1], label.clone(), None);
        }
        self
    }

    /// Create a new graph with only nodes that satisfy the predicate.
    /// Edges are included if both endpoints pass the filter.
    /// Compound relationships are preserved where possible.
    pub fn filter_nodes(&self, predicate: impl Fn(&str) -> bool) -> Self
    where
        N: Clone,
        E: Clone,
    {
        let mut g = Graph::with_options(GraphOptions {
            directed: self.is_directed,
            multigraph: self.is_multigraph,
            compound: self.is_compound,
        });

        for slot in self.live_nodes() {
            if predicate(&slot.id) {
                g.set_node(slot.id.clone(), slot.label.clone());
            }
        }

        for slot in self.edges.iter().flatten() {
            let e = &slot.edge;
            if g.has_node(&e.v) && g.has_node(&e.w) {
                g.set_edge(
                    e.v.clone(),
                    e.w.clone(),
                    slot.label.clone(),
                    e.name.as_deref(),
                );
            }
        }

        if self.is_compound {
            for v in g.nodes() {
                // Walk up the parent chain to find the nearest ancestor that's in the filtered graph
                let mut ancestor = self.parent(v.as_str());
                while let Some(a) = ancestor {
                    if g.has_node(a) {
                        break;
                    }
                    ancestor = self.parent(a);
                }
                g.set_parent(&v, ancestor);
            }
        }

        g
    }
}

impl<N, E> Default for Graph<N, E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<N: fmt::Debug, E: fmt::Debug> fmt::Debug for Graph<N, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Graph")
            .field("directed", &self.is_directed)
            .field("multigraph", &self.is_multigraph)
            .field("compound", &self.is_compound)
            .field("node_count", &self.node_count)
            .field("edge_count", &self.edge_count)
            .finish()
    }
}

#[cfg(test)]
mod tests;
