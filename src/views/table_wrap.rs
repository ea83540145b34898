//! A table that may scroll sideways on a phone. The region it scrolls in must take keyboard
//! focus and have a name, or a keyboard user cannot scroll it and a screen reader announces an
//! unnamed group (axe: scrollable-region-focusable, WCAG 2.1.1). Every page's table goes
//! through this one function, so no page can forget either; the test below keeps it so.
use maud::{Markup, Render, html};

/// `table` inside a focusable, named, sideways-scrolling region.
pub fn scrolling(label: impl Render, table: Markup) -> Markup {
    html! {
        div class="table-wrap" tabindex="0" role="region" aria-label=(label) { (table) }
    }
}

#[cfg(test)]
mod tests {
    use std::{fs, path::Path};

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
