//! A [`ResponseTable`] as bytes, so a restart reads one snapshot instead of parsing every
//! stored response again. The bytes hold the rows (codes, masks, numbers, hour, channel) and
//! the channel names, after the fingerprint of the codebook that encoded them; the counts
//! are not stored but rebuilt row by row through the table's one way in, so a table read
//! back is equal, counts and order included, to the one written.
//!
//! Layout (integers little-endian): magic, fingerprint (32 bytes), rows (u64), columns,
//! multiple choices, numbers (u32 each), channel names (u32 count, then u32 length and
//! UTF-8 each), then per row in order: codes, masks (u64), numbers (f64 bits), hour (u32),
//! channel id (u16), each as one array over every row.

use super::codebook::Codebook;
use super::table::{ResponseTable, Row};

/// Names the layout; a new layout gets a new magic and old snapshots are rebuilt.
const MAGIC: &[u8; 8] = b"MNYTAB01";

/// Why snapshot bytes were not read back (the caller rebuilds from the responses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not a snapshot of this layout.
    Format,
    /// Made with another codebook (an edited definition, another encoding version).
    OtherCodebook,
    /// Cut short, or with lengths or channel ids that do not add up.
    Corrupt,
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SnapshotError::Format => "not a table snapshot",
            SnapshotError::OtherCodebook => "made with another codebook",
            SnapshotError::Corrupt => "cut short or inconsistent",
        })
    }
}

impl std::error::Error for SnapshotError {}

impl ResponseTable {
    /// The table as snapshot bytes (see the module's layout).
    pub fn to_snapshot(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.len() * self.bytes_per_response());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.codebook.fingerprint());
        out.extend_from_slice(&(self.len() as u64).to_le_bytes());
        for width in [
            self.codebook.columns.len(),
            self.codebook.multi.len(),
            self.codebook.numbers.len(),
            self.channel_names.len(),
        ] {
            out.extend_from_slice(&(width as u32).to_le_bytes());
        }
        for name in &self.channel_names {
            out.extend_from_slice(&(name.len() as u32).to_le_bytes());
            out.extend_from_slice(name.as_bytes());
        }
        out.extend_from_slice(&self.codes);
        self.masks
            .iter()
            .for_each(|m| out.extend_from_slice(&m.to_le_bytes()));
        self.numbers
            .iter()
            .for_each(|n| out.extend_from_slice(&n.to_bits().to_le_bytes()));
        self.hours
            .iter()
            .for_each(|h| out.extend_from_slice(&h.to_le_bytes()));
        self.channels
            .iter()
            .for_each(|c| out.extend_from_slice(&c.to_le_bytes()));
        out
    }

    /// Read a table back from [`ResponseTable::to_snapshot`] bytes, refused unless they were
    /// made with `codebook`.
    pub fn from_snapshot(codebook: Codebook, bytes: &[u8]) -> Result<Self, SnapshotError> {
        let mut r = Reader(bytes);
        if r.take(MAGIC.len())? != MAGIC {
            return Err(SnapshotError::Format);
        }
        if r.take(32)? != codebook.fingerprint() {
            return Err(SnapshotError::OtherCodebook);
        }
        let rows = usize::try_from(r.u64()?).map_err(|_| SnapshotError::Corrupt)?;
        let (w, m, k) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
        if (w, m, k)
            != (
                codebook.columns.len(),
                codebook.multi.len(),
                codebook.numbers.len(),
            )
        {
            return Err(SnapshotError::Corrupt);
        }
        let names = (0..r.u32()?)
            .map(|_| {
                let len = r.u32()? as usize;
                String::from_utf8(r.take(len)?.to_vec()).map_err(|_| SnapshotError::Corrupt)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let per_row = w + 8 * m + 8 * k + 4 + 2;
        if rows.checked_mul(per_row) != Some(r.0.len()) {
            return Err(SnapshotError::Corrupt);
        }
        let codes = r.take(rows * w)?;
        let masks: Vec<u64> = r.take(rows * m * 8)?.chunks_exact(8).map(le_u64).collect();
        let numbers: Vec<f64> = r
            .take(rows * k * 8)?
            .chunks_exact(8)
            .map(|b| f64::from_bits(le_u64(b)))
            .collect();
        let hours = r.take(rows * 4)?.chunks_exact(4);
        let channels = r.take(rows * 2)?.chunks_exact(2);
        let mut table = ResponseTable::new(codebook);
        table.reserve(rows);
        for (i, (hour, channel)) in hours.zip(channels).enumerate() {
            let channel = u16::from_le_bytes([channel[0], channel[1]]) as usize;
            let name = names.get(channel).ok_or(SnapshotError::Corrupt)?;
            let row = Row {
                codes: &codes[i * w..(i + 1) * w],
                masks: &masks[i * m..(i + 1) * m],
                numbers: &numbers[i * k..(i + 1) * k],
            };
            let hour = u32::from_le_bytes([hour[0], hour[1], hour[2], hour[3]]);
            table.push_row(row, hour, name);
        }
        // Pushing names ids by first arrival, as the table written did: other names (or
        // the same in another order) mean the bytes are not what `to_snapshot` wrote.
        if table.channel_names != names {
            return Err(SnapshotError::Corrupt);
        }
        Ok(table)
    }
}

fn le_u64(b: &[u8]) -> u64 {
    u64::from_le_bytes(b.try_into().expect("chunks of 8"))
}

/// Bytes read front to back, failing when they run out.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        if self.0.len() < n {
            return Err(SnapshotError::Corrupt);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64, SnapshotError> {
        Ok(le_u64(self.take(8)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{answers, SampleRng};
    use crate::domain::templates::bundled;

    fn yingshang() -> crate::domain::Survey {
        let surveys = bundled().unwrap();
        surveys
            .into_iter()
            .find(|s| s.id == "yingshang-2023")
            .unwrap()
    }

    /// A table of sample responses over several hours and channels ("" among them).
    fn table_of(survey: &crate::domain::Survey, n: u64) -> ResponseTable {
        let codebook = Codebook::new(survey);
        let mut table = ResponseTable::new(codebook.clone());
        let mut rng = SampleRng::new(7);
        let channels = ["", "wechat", "street-3", "paper"];
        for i in 0..n {
            let encoded = codebook.encode(&answers(survey, &mut rng));
            let at = 1_700_000_000_000 + (i as i64 % 5) * 3_600_000 - (i as i64 % 3) * 1_000;
            table.push(&encoded, at, channels[(i * 7 % 4) as usize]);
        }
        table
    }

    #[test]
    fn a_table_reads_back_equal_rows_counts_and_order() {
        let survey = yingshang();
        for n in [0, 1, 3, 257] {
            let table = table_of(&survey, n);
            let bytes = table.to_snapshot();
            let back = ResponseTable::from_snapshot(table.codebook.clone(), &bytes).unwrap();
            assert_eq!(back, table, "{n} rows");
            assert_eq!(
                back.hourly(&Default::default()),
                table.hourly(&Default::default())
            );
            assert_eq!(back.to_snapshot(), bytes);
        }
    }

    #[test]
    fn another_codebook_or_damaged_bytes_are_refused() {
        let survey = yingshang();
        let table = table_of(&survey, 20);
        let bytes = table.to_snapshot();
        let mut edited = survey.clone();
        edited.sections.last_mut().unwrap().questions.pop();
        let other = Codebook::new(&edited);
        assert_ne!(other, table.codebook, "the edit must change the codebook");
        let refused = |codebook: &Codebook, bytes: &[u8]| {
            ResponseTable::from_snapshot(codebook.clone(), bytes).unwrap_err()
        };
        let same = &table.codebook;
        assert_eq!(refused(&other, &bytes), SnapshotError::OtherCodebook);
        assert_eq!(
            refused(same, b"not a snapshot at all"),
            SnapshotError::Format
        );
        assert_eq!(
            refused(same, &bytes[..bytes.len() - 1]),
            SnapshotError::Corrupt
        );
        assert_eq!(refused(same, &bytes[..45]), SnapshotError::Corrupt);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(refused(same, &longer), SnapshotError::Corrupt);
        // The last row's channel id pointed past the names.
        let mut bad_channel = bytes.clone();
        let at = bad_channel.len() - 2;
        bad_channel[at..].copy_from_slice(&999u16.to_le_bytes());
        assert_eq!(refused(same, &bad_channel), SnapshotError::Corrupt);
    }
}
