pub mod graph;
pub mod layout;
mod util;

pub use layout::intersect;
pub use layout::layout;
pub use layout::types::{
    Acyclicer, Align, EdgeLabel, GraphLabel, LayoutOptions, NodeLabel, Point, RankAlign, RankDir,
    Ranker,
};
