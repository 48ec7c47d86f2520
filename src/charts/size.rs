//! How tall each chart is drawn for a number of rows, the same on canvas and in SVG.

pub fn distribution(items: usize) -> u32 {
    56 + 46 * items as u32
}

pub fn choices(options: usize) -> u32 {
    40 + 34 * options as u32
}

pub fn dimensions(dimensions: usize) -> u32 {
    40 + 44 * dimensions as u32
}

pub fn groups(groups: usize) -> u32 {
    40 + 36 * groups.max(1) as u32
}

pub fn waves(figures: usize) -> u32 {
    50 + 40 * figures.clamp(1, 8) as u32
}

pub fn ballot(items: usize) -> u32 {
    70 + 52 * items as u32
}

pub const NPS: u32 = 260;
