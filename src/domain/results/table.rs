//! The compact, append-only table of one survey's responses, and the counts over it.

use super::super::stats::Moments;
use super::codebook::{Codebook, EncodedResponse};

/// Counts over a set of responses: everything the results are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub responses: u64,
    /// Flat over every column: `counts[offsets[c] + code]`.
    pub counts: Vec<u64>,
    /// Per multiple-choice column: how many answered it, then a count per option.
    pub multi_answered: Vec<u64>,
    pub multi_counts: Vec<Vec<u64>>,
    pub numbers: Vec<Moments>,
}

impl Tally {
    pub fn new(codebook: &Codebook) -> Self {
        Tally {
            responses: 0,
            counts: vec![0; codebook.count_slots()],
            multi_answered: vec![0; codebook.multi.len()],
            multi_counts: codebook
                .multi
                .iter()
                .map(|m| vec![0; m.options.len()])
                .collect(),
            numbers: vec![Moments::default(); codebook.numbers.len()],
        }
    }

    /// Count one response.
    pub fn add(&mut self, codebook: &Codebook, row: Row<'_>) {
        self.responses += 1;
        for (offset, code) in codebook.offsets.iter().zip(row.codes) {
            self.counts[offset + *code as usize] += 1;
        }
        for (i, mask) in row.masks.iter().enumerate() {
            if *mask != 0 {
                self.multi_answered[i] += 1;
                let mut bits = *mask;
                while bits != 0 {
                    let bit = bits.trailing_zeros() as usize;
                    if let Some(count) = self.multi_counts[i].get_mut(bit) {
                        *count += 1;
                    }
                    bits &= bits - 1;
                }
            }
        }
        for (moments, value) in self.numbers.iter_mut().zip(row.numbers) {
            if !value.is_nan() {
                moments.add(*value, 1);
            }
        }
    }

    /// The counts of column `c`, indexed by code (0 = missing).
    pub fn column(&self, codebook: &Codebook, c: usize) -> &[u64] {
        &self.counts[codebook.offsets[c]..codebook.offsets[c + 1]]
    }
}

/// One stored response, borrowed from the table.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub codes: &'a [u8],
    pub masks: &'a [u64],
    pub numbers: &'a [f64],
}

/// Responses of one survey in column-compact form, with the hour each arrived and the
/// channel it came through (never an address or anything else about the respondent).
#[derive(Debug, Clone)]
pub struct ResponseTable {
    pub codebook: Codebook,
    pub(super) codes: Vec<u8>,
    pub(super) masks: Vec<u64>,
    pub(super) numbers: Vec<f64>,
    /// Hours since the Unix epoch (UTC).
    pub(super) hours: Vec<u32>,
    pub(super) channels: Vec<u16>,
    pub(super) channel_names: Vec<String>,
    /// Counts over every response, kept current as responses arrive.
    total: Tally,
    /// Responses per channel id and per hour, kept current too.
    channel_totals: Vec<u64>,
    hourly_totals: std::collections::BTreeMap<u32, u64>,
}

/// A set of allowed codes per column; a response passes when every clause holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowFilter {
    pub clauses: Vec<(usize, [u64; 4])>,
    pub channels: Option<Vec<u16>>,
}

impl RowFilter {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.channels.is_none()
    }

    fn passes(&self, codes: &[u8], channel: u16) -> bool {
        self.clauses.iter().all(|(c, allowed)| {
            let code = codes[*c] as usize;
            allowed[code / 64] & (1 << (code % 64)) != 0
        }) && self
            .channels
            .as_ref()
            .is_none_or(|ch| ch.contains(&channel))
    }
}

/// Equal when every row, hour, channel and count is: numbers compare by their bits, so a
/// missing number (NaN) equals itself and a rebuilt table can be checked against another.
impl PartialEq for ResponseTable {
    fn eq(&self, other: &Self) -> bool {
        let bits = |n: &[f64]| n.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        self.codebook == other.codebook
            && self.codes == other.codes
            && self.masks == other.masks
            && bits(&self.numbers) == bits(&other.numbers)
            && self.hours == other.hours
            && self.channels == other.channels
            && self.channel_names == other.channel_names
            && self.total == other.total
            && self.channel_totals == other.channel_totals
            && self.hourly_totals == other.hourly_totals
    }
}

/// Set `code` in a 256-bit code set.
pub fn allow_code(set: &mut [u64; 4], code: u8) {
    set[code as usize / 64] |= 1 << (code % 64);
}

impl ResponseTable {
    pub fn new(codebook: Codebook) -> Self {
        let total = Tally::new(&codebook);
        ResponseTable {
            codebook,
            codes: Vec::new(),
            masks: Vec::new(),
            numbers: Vec::new(),
            hours: Vec::new(),
            channels: Vec::new(),
            channel_names: vec![String::new()],
            total,
            channel_totals: vec![0],
            hourly_totals: Default::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.hours.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hours.is_empty()
    }

    /// Append one response that arrived at `received_at_ms` through `channel` ("" for none).
    pub fn push(&mut self, response: &EncodedResponse, received_at_ms: i64, channel: &str) {
        let hour = (received_at_ms.max(0) / 3_600_000).min(u32::MAX as i64) as u32;
        let row = Row {
            codes: &response.codes,
            masks: &response.masks,
            numbers: &response.numbers,
        };
        self.push_row(row, hour, channel);
    }

    /// Append one row under its hour: the one way a row enters the table, so a table
    /// rebuilt from a snapshot (`snapshot.rs`) counts exactly as the one it was taken of.
    pub(super) fn push_row(&mut self, row: Row<'_>, hour: u32, channel: &str) {
        let channel = self.channel_id(channel);
        if self.channel_totals.len() <= channel as usize {
            self.channel_totals.resize(channel as usize + 1, 0);
        }
        self.channel_totals[channel as usize] += 1;
        // Rows come by arrival, so the hour is nearly always the last one counted.
        match self.hourly_totals.last_entry() {
            Some(mut last) if *last.key() == hour => *last.get_mut() += 1,
            _ => *self.hourly_totals.entry(hour).or_default() += 1,
        }
        self.codes.extend_from_slice(row.codes);
        self.masks.extend_from_slice(row.masks);
        self.numbers.extend_from_slice(row.numbers);
        self.hours.push(hour);
        self.channels.push(channel);
        self.total.add(&self.codebook, row);
    }

    /// Reserve room for `additional` more responses (e.g. before loading them all).
    pub fn reserve(&mut self, additional: usize) {
        self.codes.reserve(additional * self.codebook.columns.len());
        self.masks.reserve(additional * self.codebook.multi.len());
        self.numbers
            .reserve(additional * self.codebook.numbers.len());
        self.hours.reserve(additional);
        self.channels.reserve(additional);
    }

    fn channel_id(&mut self, name: &str) -> u16 {
        match self.channel_names.iter().position(|n| n == name) {
            Some(i) => i as u16,
            None if self.channel_names.len() < u16::MAX as usize => {
                self.channel_names.push(name.to_string());
                (self.channel_names.len() - 1) as u16
            }
            // More channels than any district has: count the rest under "no channel".
            None => 0,
        }
    }

    /// The channel names seen so far ("" first, for responses without one).
    pub fn channel_names(&self) -> &[String] {
        &self.channel_names
    }

    /// The channel response `i` came through ("" for none).
    pub fn channel_of(&self, i: usize) -> &str {
        &self.channel_names[self.channels[i] as usize]
    }

    pub fn channel_index(&self, name: &str) -> Option<u16> {
        self.channel_names
            .iter()
            .position(|n| n == name)
            .map(|i| i as u16)
    }

    pub fn row(&self, i: usize) -> Row<'_> {
        let (w, m, n) = (
            self.codebook.columns.len(),
            self.codebook.multi.len(),
            self.codebook.numbers.len(),
        );
        Row {
            codes: &self.codes[i * w..(i + 1) * w],
            masks: &self.masks[i * m..(i + 1) * m],
            numbers: &self.numbers[i * n..(i + 1) * n],
        }
    }

    /// Counts over every response, maintained on arrival: no scan.
    pub fn total(&self) -> &Tally {
        &self.total
    }

    /// Counts over the responses passing `filter`; the maintained total when it is empty.
    pub fn tally(&self, filter: &RowFilter) -> Tally {
        if filter.is_empty() {
            return self.total.clone();
        }
        let mut tally = Tally::new(&self.codebook);
        for i in 0..self.len() {
            let row = self.row(i);
            if filter.passes(row.codes, self.channels[i]) {
                tally.add(&self.codebook, row);
            }
        }
        tally
    }

    /// Counts over every response from scratch, ignoring the maintained total (what a
    /// restart or a benchmark does).
    pub fn recount(&self) -> Tally {
        let mut tally = Tally::new(&self.codebook);
        for i in 0..self.len() {
            tally.add(&self.codebook, self.row(i));
        }
        tally
    }

    /// One tally per level of column `by` (index 0 = not answered), over the responses
    /// passing `filter`, in one pass.
    pub fn breakdown(&self, by: usize, filter: &RowFilter) -> Vec<Tally> {
        let groups = self.codebook.columns[by].levels.len() + 1;
        let mut tallies = vec![Tally::new(&self.codebook); groups];
        for i in 0..self.len() {
            let row = self.row(i);
            if filter.passes(row.codes, self.channels[i]) {
                tallies[row.codes[by] as usize].add(&self.codebook, row);
            }
        }
        tallies
    }

    /// Responses per channel id among those passing `filter` (maintained when it is empty).
    pub fn channel_counts(&self, filter: &RowFilter) -> Vec<u64> {
        if filter.is_empty() {
            return self.channel_totals.clone();
        }
        let mut counts = vec![0; self.channel_names.len()];
        for (i, channel) in self.channels.iter().enumerate() {
            if filter.passes(self.row(i).codes, *channel) {
                counts[*channel as usize] += 1;
            }
        }
        counts
    }

    /// Responses per hour (hours since the epoch, ascending) among those passing `filter`
    /// (maintained when it is empty).
    pub fn hourly(&self, filter: &RowFilter) -> Vec<(u32, u64)> {
        if filter.is_empty() {
            return self.hourly_totals.iter().map(|(h, c)| (*h, *c)).collect();
        }
        let mut per_hour = std::collections::BTreeMap::<u32, u64>::new();
        for (i, hour) in self.hours.iter().enumerate() {
            if filter.passes(self.row(i).codes, self.channels[i]) {
                *per_hour.entry(*hour).or_default() += 1;
            }
        }
        per_hour.into_iter().collect()
    }

    /// The bytes held per response, for capacity planning.
    pub fn bytes_per_response(&self) -> usize {
        self.codebook.columns.len()
            + 8 * self.codebook.multi.len()
            + 8 * self.codebook.numbers.len()
            + 4
            + 2
    }
}
