//! Rectangles, and where edges meet the boxes they join.

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

    pub(crate) fn offset(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
}

/// A vertical line just beside `bounds`, on the side of `x`.
pub(crate) fn beside(bounds: &Rect, x: f64) -> f64 {
    const MARGIN: f64 = 14.0;
    if x <= bounds.x + bounds.width / 2.0 {
        bounds.x - MARGIN
    } else {
        bounds.x + bounds.width + MARGIN
    }
}

/// Where the segment from `outside` towards the centre of `rect` crosses its border.
pub(crate) fn clip_to_rect(outside: (f64, f64), rect: &Rect) -> (f64, f64) {
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
