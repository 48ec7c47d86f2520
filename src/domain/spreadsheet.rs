//! CSV cells a spreadsheet will not run. Excel, WPS and LibreOffice read a cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula: a respondent's
//! `=HYPERLINK(…)` becomes a live link in the staff's export, DDE can start a program. Every
//! cell of every CSV Manyi writes (staff export, published data and figures, code batches)
//! goes through [`csv_cell`], which puts a `'` before such a cell, as OWASP advises.
//!
//! A cell that is a plain number (`-3`, `+2.5`, `-12.0000`) is left as it is: a number is
//! never run as a formula, and a quote would turn a negative figure (an NPS, a number
//! answer) into text. The XLSX downloads need none of this: text is written as a string
//! cell there, and nothing is ever written as a formula.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a CSV cell: quoted with `'` when a spreadsheet would run it.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_START) && !is_plain_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Every cell of a record through [`csv_cell`], as `csv::Writer::write_record` takes them.
pub fn csv_record<'a, S>(
    cells: impl IntoIterator<Item = &'a S>,
) -> impl Iterator<Item = Cow<'a, [u8]>>
where
    S: AsRef<str> + ?Sized + 'a,
{
    cells.into_iter().map(|cell| match csv_cell(cell.as_ref()) {
        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
    })
}

/// A sign, digits and at most one decimal point: what a spreadsheet reads as a number.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = || whole.bytes().chain(fraction.bytes());
    digits().next().is_some() && digits().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_quoted() {
        for (text, cell) in [
            (
                r#"=HYPERLINK("http://x","y")"#,
                r#"'=HYPERLINK("http://x","y")"#,
            ),
            ("=1+1", "'=1+1"),
            ("+1+1", "'+1+1"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-.", "'-."),
            ("--1", "'--1"),
            ("-1e5", "'-1e5"),
            ("-inf", "'-inf"),
            ("+86 138 0000 0000", "'+86 138 0000 0000"),
            // Plain numbers stay numbers.
            ("-3", "-3"),
            ("+2.5", "+2.5"),
            ("-12.0000", "-12.0000"),
            ("-.5", "-.5"),
            // Nothing else changes.
            ("", ""),
            ("非常满意", "非常满意"),
            ("a=1", "a=1"),
            (" =1", " =1"),
            ("42", "42"),
            ("K7MP-4QXR", "K7MP-4QXR"),
        ] {
            assert_eq!(csv_cell(text), cell, "{text:?}");
        }
    }

    #[test]
    fn a_record_is_quoted_cell_by_cell() {
        let record: Vec<Cow<[u8]>> = csv_record(&["=1", "x", "-2"]).collect();
        assert_eq!(record, [&b"'=1"[..], b"x", b"-2"]);
        assert!(matches!(record[1], Cow::Borrowed(_)), "no copy when safe");
    }
}
