//! Tables, through two wrappers, so no page can forget what a table needs on a phone.
//!
//! - [`cards`], for lists of records (staff, caseload, services, audit rows, ...): on a
//!   narrow screen (<= 600 px, CSS only) each row becomes a card, its first cell (the key
//!   column: put the row's name there) as the card's title and every other cell labelled
//!   with its column's header. The labels are `data-label` attributes this module copies
//!   from the header row, shown by `td::before { content: attr(data-label) }`; the header
//!   row is hidden visually only, and the cells keep explicit table roles, so a screen
//!   reader still reads a table of rows and cells whatever `display` the CSS gives them.
//! - [`scrolling`], for tables that must stay tables because their point is comparing
//!   across a row and down a column: the reports' grids (indicators, 618 counts, C2-C4, the
//!   programs side by side), a chart's data per month, the population by year. They scroll
//!   sideways inside their own region.
//!
//! Either region takes keyboard focus and has a name, or a keyboard user cannot scroll it
//! and a screen reader announces an unnamed group (axe: scrollable-region-focusable, WCAG
//! 2.1.1). Every page's table goes through this module; the test below keeps it so.
use maud::{Markup, PreEscaped, Render, html};

/// `table` inside a focusable, named, sideways-scrolling region: for a table that stays a
/// table at every width (see the module's list).
pub fn scrolling(label: impl Render, table: Markup) -> Markup {
    html! {
        div class="table-wrap" tabindex="0" role="region" aria-label=(label) { (table) }
    }
}

/// `table`, a list of records, as a table on a wide screen and as stacked cards on a phone:
/// the same region as [`scrolling`], each body cell labelled with its column's header.
pub fn cards(label: impl Render, table: Markup) -> Markup {
    let labelled = labelled(&table.into_string());
    html! {
        div class="table-wrap cards" tabindex="0" role="region" aria-label=(label) {
            (PreEscaped(labelled))
        }
    }
}

/// The columns a cell spans, from its opening tag.
fn span_of(tag: &str) -> usize {
    tag.split("colspan=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// A tag's name: `td` for `<td class="x">`, `/td` for `</td>`.
fn name_of(tag: &str) -> &str {
    let t = tag.trim_start_matches('<');
    let end = t.find([' ', '>']).unwrap_or(t.len());
    &t[..end]
}

/// The tags of `html` in order, each as (where it starts, the tag's text).
fn tags(html: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let at = i + html[i..].find('<')?;
        let end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
        i = end;
        Some((at, &html[at..end]))
    })
}

/// The texts of the header row (the last row of `thead`), a colspan's text repeated. The
/// text is maud's, escaped (`&`, `<`, `>`, `"`): it can stand in a quoted attribute.
fn header_labels(html: &str) -> Vec<String> {
    let Some(end) = html.find("</thead>") else {
        return Vec::new();
    };
    let head = &html[..end];
    let row = &head[head.rfind("<tr").unwrap_or(0)..];
    let mut labels = Vec::new();
    let mut cell: Option<(usize, usize)> = None;
    for (at, tag) in tags(row) {
        match name_of(tag) {
            "th" | "td" => cell = Some((at + tag.len(), span_of(tag))),
            "/th" | "/td" => {
                if let Some((from, span)) = cell.take() {
                    let mut text = String::new();
                    let mut last = from;
                    for (t_at, t) in tags(&row[from..at]) {
                        text.push_str(&row[last..from + t_at]);
                        text.push(' ');
                        last = from + t_at + t.len();
                    }
                    text.push_str(&row[last..at]);
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    labels.extend(std::iter::repeat_n(text, span));
                }
            }
            _ => {}
        }
    }
    labels
}

/// The table's markup with its parts' roles written out, and each body cell labelled with
/// its column's header (`data-label`), each body row's first cell marked `data-key`. The
/// markup is maud's: user text in it is escaped, so every `<` in it opens a tag.
fn labelled(html: &str) -> String {
    let labels = header_labels(html);
    let mut out = String::with_capacity(html.len() + html.len() / 3);
    let mut in_body = !html.contains("<thead");
    let mut col = 0;
    let mut last = 0;
    for (at, tag) in tags(html) {
        out.push_str(&html[last..at]);
        last = at + tag.len();
        let name = name_of(tag);
        let role = match name {
            "table" => "table",
            "thead" | "tbody" | "tfoot" => "rowgroup",
            "tr" => "row",
            "th" if in_body => "rowheader",
            "th" => "columnheader",
            "td" => "cell",
            _ => "",
        };
        match name {
            "/thead" | "tbody" | "tfoot" => in_body = true,
            "tr" => col = 0,
            _ => {}
        }
        if role.is_empty() {
            out.push_str(tag);
            continue;
        }
        out.push('<');
        out.push_str(name);
        if !tag.contains(" role=") {
            out.push_str(&format!(" role=\"{role}\""));
        }
        if in_body && matches!(name, "td" | "th") {
            if col == 0 {
                out.push_str(" data-key");
            }
            match labels.get(col) {
                Some(l) if !l.is_empty() && !tag.contains(" data-label=") => {
                    out.push_str(&format!(" data-label=\"{l}\""));
                }
                _ => {}
            }
            col += span_of(tag);
        }
        out.push_str(&tag[1 + name.len()..]);
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{fs, path::Path};

    /// Each body cell gets its column's header as its label (a colspan's header repeated,
    /// an empty header none), the first cell of a row is the key, and every part has its
    /// table role written out; user text stays escaped.
    #[test]
    fn a_card_table_labels_each_cell_with_its_header() {
        let table = html! { table {
            thead { tr { th scope="col" { "Name" } th scope="col" colspan="2" { "Contact " br; span class="hint" { "(phone, e-mail)" } } th {} } }
            tbody {
                tr { th scope="row" { "Ana <b>\"A\"</b>" } td { "555" } td { a href="mailto:a@x" { "a@x" } } td { "Edit" } }
                tr class="overdue" { td colspan="3" { "None" } td data-label="Own" { "x" } }
            }
        } };
        let expected = concat!(
            r#"<div class="table-wrap cards" tabindex="0" role="region" aria-label="Family">"#,
            r#"<table role="table"><thead role="rowgroup"><tr role="row">"#,
            r#"<th role="columnheader" scope="col">Name</th>"#,
            r#"<th role="columnheader" scope="col" colspan="2">Contact <br><span class="hint">(phone, e-mail)</span></th>"#,
            r#"<th role="columnheader"></th></tr></thead>"#,
            r#"<tbody role="rowgroup"><tr role="row">"#,
            r#"<th role="rowheader" data-key data-label="Name" scope="row">Ana &lt;b&gt;&quot;A&quot;&lt;/b&gt;</th>"#,
            r#"<td role="cell" data-label="Contact (phone, e-mail)">555</td>"#,
            r#"<td role="cell" data-label="Contact (phone, e-mail)"><a href="mailto:a@x">a@x</a></td>"#,
            r#"<td role="cell">Edit</td></tr>"#,
            r#"<tr role="row" class="overdue">"#,
            r#"<td role="cell" data-key data-label="Name" colspan="3">None</td>"#,
            r#"<td role="cell" data-label="Own">x</td></tr></tbody></table></div>"#,
        );
        assert_eq!(cards("Family", table).into_string(), expected);
    }

    /// A table that stays a table is left as it was written.
    #[test]
    fn a_scrolling_table_is_left_as_written() {
        let table =
            html! { table { thead { tr { th { "Year" } } } tbody { tr { td { "2026" } } } } };
        assert_eq!(
            scrolling("Years", table).into_string(),
            r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Years"><table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>2026</td></tr></tbody></table></div>"#
        );
    }

    /// Every `.table-wrap` in the views is made by `scrolling`: written by hand, it would
    /// miss the focus or the name sooner or later.
    #[test]
    fn no_view_writes_its_own_table_wrap() {
        fn walk(dir: &Path, found: &mut Vec<String>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("views/table_wrap.rs")
                {
                    let text = fs::read_to_string(&path).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        if line.contains("class=\"table-wrap\"") {
                            found.push(format!("{}:{}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "use views::table_wrap::scrolling instead of a hand-written .table-wrap: {found:?}"
        );
    }
}
