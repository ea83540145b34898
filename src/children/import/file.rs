//! The uploaded spreadsheet read as a table: UTF-8 with or without a byte-order mark, comma
//! or semicolon separated (the one the header line has more of; a spreadsheet saved in a
//! Spanish or European locale uses semicolons), the first line the column names.
use super::fields::fold;

/// The most characters a file may hold (about 400 rows of a typical intake list), under the
/// form body's own limit so the message can stand next to the field.
pub const MAX_CHARS: usize = 60_000;
/// The most referrals one file may hold.
pub const MAX_ROWS: usize = 500;

/// A file's header and its rows (each as long as the header; blank lines dropped). `lines`
/// holds each row's line number in the file, counting the header as line 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub lines: Vec<usize>,
}

/// The text without a byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// `;` when the header line has more semicolons than commas, else `,`.
pub fn sniff(text: &str) -> char {
    let header = strip_bom(text).lines().next().unwrap_or_default();
    let count = |c: char| header.chars().filter(|x| *x == c).count();
    if count(';') > count(',') { ';' } else { ',' }
}

/// Checks the size of what was sent, before anything is stored.
pub fn check_size(text: &str) -> Result<(), String> {
    let n = text.chars().count();
    if n > MAX_CHARS {
        return Err(format!(
            "The file holds {n} characters; one import takes at most {MAX_CHARS}. Split the list into smaller files."
        ));
    }
    Ok(())
}

/// Reads the text with `delimiter`; a message for the upload field when it cannot be used.
pub fn read(text: &str, delimiter: char) -> Result<Sheet, String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(strip_bom(text).as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_owned()).collect(),
        Some(Err(e)) => return Err(format!("The header line could not be read: {e}.")),
        None => return Err("The file is empty. Paste the list with its header line first.".into()),
    };
    if headers.iter().all(|h| h.is_empty()) {
        return Err("The first line must name the columns (for example: First name, Last name, Date of birth).".into());
    }
    let mut seen = std::collections::BTreeSet::new();
    for h in headers.iter().filter(|h| !h.is_empty()) {
        if !seen.insert(fold(h)) {
            return Err(format!(
                "Two columns are both called “{h}”. Give each column its own name."
            ));
        }
    }
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| format!("A line of the file could not be read: {e}."))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let mut cells: Vec<String> = rec.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if cells.len() > headers.len() {
            return Err(format!(
                "Line {line} has {} cells but the header names {} columns.",
                cells.len(),
                headers.len()
            ));
        }
        cells.resize(headers.len(), String::new());
        rows.push(cells);
        lines.push(line);
    }
    if rows.is_empty() {
        return Err("The file has a header line but no referrals under it.".into());
    }
    if rows.len() > MAX_ROWS {
        return Err(format!(
            "The file holds {} referrals; one import takes at most {MAX_ROWS}. Split the list into smaller files.",
            rows.len()
        ));
    }
    Ok(Sheet {
        headers,
        rows,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_and_semicolons_are_read() {
        let text = "\u{feff}Nombre;Apellido;Fecha de nacimiento\nAna;Ruiz;2025-05-01\n\n";
        assert_eq!(sniff(text), ';');
        let s = read(text, ';').unwrap();
        assert_eq!(s.headers, ["Nombre", "Apellido", "Fecha de nacimiento"]);
        assert_eq!(s.rows, [["Ana", "Ruiz", "2025-05-01"]]);
        assert_eq!(s.lines, [2]);
    }

    #[test]
    fn quoted_commas_short_rows_and_refusals() {
        let s = read("a,b,c\n\"x, y\",2\n", ',').unwrap();
        assert_eq!(s.rows, [["x, y", "2", ""]]);
        assert!(
            read("a,b\n1,2,3\n", ',')
                .unwrap_err()
                .contains("Line 2 has 3 cells")
        );
        assert!(read("a,b\n", ',').unwrap_err().contains("no referrals"));
        assert!(
            read("DOB,dob\n1,2\n", ',')
                .unwrap_err()
                .contains("Two columns")
        );
        assert!(check_size(&"x".repeat(MAX_CHARS + 1)).is_err());
    }
}
