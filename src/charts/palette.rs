//! Colours chosen to stay apart for colour-blind readers and on a washed-out projector:
//! a blue–grey–red diverging scale for grades, with text contrast of at least 4.5:1.

use plotters::style::RGBColor;

pub const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
pub const MUTED: RGBColor = RGBColor(0x4b, 0x55, 0x63);
pub const GRID: RGBColor = RGBColor(0xd1, 0xd5, 0xdb);
pub const ACCENT: RGBColor = RGBColor(0x1d, 0x4e, 0xd8);
pub const HALF_LINE: RGBColor = RGBColor(0xb9, 0x1c, 0x1c);

/// Five grades, best first: 非常满意 … 非常不满意.
pub const FIVE: [RGBColor; 5] = [
    RGBColor(0x1d, 0x4e, 0xd8),
    RGBColor(0x60, 0xa5, 0xfa),
    RGBColor(0xcb, 0xd5, 0xe1),
    RGBColor(0xf8, 0x71, 0x71),
    RGBColor(0xb9, 0x1c, 0x1c),
];

/// Three ballot grades and invalid: 满意, 基本满意, 不满意, 无效.
pub const BALLOT: [RGBColor; 4] = [
    RGBColor(0x1d, 0x4e, 0xd8),
    RGBColor(0x60, 0xa5, 0xfa),
    RGBColor(0xb9, 0x1c, 0x1c),
    RGBColor(0x9c, 0xa3, 0xaf),
];

/// Detractors (0–6), passives (7–8), promoters (9–10).
pub const NPS: [RGBColor; 3] = [
    RGBColor(0xb9, 0x1c, 0x1c),
    RGBColor(0x9c, 0xa3, 0xaf),
    RGBColor(0x1d, 0x4e, 0xd8),
];

/// Series colours for waves and groups.
pub const SERIES: [RGBColor; 6] = [
    RGBColor(0x9c, 0xa3, 0xaf),
    RGBColor(0x1d, 0x4e, 0xd8),
    RGBColor(0xd9, 0x77, 0x06),
    RGBColor(0x05, 0x96, 0x69),
    RGBColor(0x7c, 0x3a, 0xed),
    RGBColor(0xdb, 0x27, 0x77),
];

/// The colour of a point on a scale of `len` points (5 or 3), best first.
pub fn grade(len: usize, i: usize) -> RGBColor {
    if len == 3 {
        BALLOT[i.min(3)]
    } else {
        FIVE[i.min(4)]
    }
}
