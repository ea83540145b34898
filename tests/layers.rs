//! The foundation imports only downward: each module below the domains names (`crate::x`)
//! only modules listed before it here, so it can be read bottom-up and a change in a low
//! module never depends on a page above it. The list is the README's layout, bottom first.
use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

const FOUNDATION: [&str; 16] = [
    "entities", "i18n", "config", "state", "meta", "db", "assets", "shell", "error", "program",
    "timeline", "audit", "auth", "policy", "views", "mail",
];

/// The top-level modules a source text names through `crate::`, including every branch of
/// a nested `use crate::{a::{b, c}, d}`. Line comments are skipped; doc links are comments.
fn named_modules(source: &str) -> BTreeSet<String> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(tree) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            for ch in tree.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (depth == 1 && ch == ',') {
                    if !item.trim().is_empty() {
                        found.insert(first_segment(&item));
                    }
                    item.clear();
                    if depth == 0 {
                        break;
                    }
                } else {
                    item.push(ch);
                }
            }
        } else {
            found.insert(first_segment(rest));
        }
    }
    found
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn sources(path: &Path, out: &mut Vec<(PathBuf, String)>) {
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push((path.to_owned(), fs::read_to_string(path).unwrap()));
    }
}

#[test]
fn the_foundation_imports_only_downward() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut upward = Vec::new();
    for (level, module) in FOUNDATION.iter().enumerate() {
        let mut files = Vec::new();
        sources(&src.join(module), &mut files);
        sources(&src.join(format!("{module}.rs")), &mut files);
        assert!(!files.is_empty(), "no source for {module}");
        files.sort();
        for (file, text) in files {
            for named in named_modules(&text) {
                let below = FOUNDATION[..level].contains(&named.as_str());
                // `crate::Type` re-exported at the root (`crate::AppState`) is not a module.
                let root_item = named.starts_with(|c: char| c.is_ascii_uppercase());
                if named != *module && !below && !root_item {
                    let file = file.strip_prefix(&src).unwrap_or(&file).display();
                    upward.push(format!("{file} names crate::{named}"));
                }
            }
        }
    }
    assert_eq!(upward, Vec::<String>::new(), "imports that do not go down");
}

#[test]
fn nested_use_trees_are_read_in_full() {
    let text = "use crate::{\n    auth::{CsrfToken, CurrentUser},\n    error::AppError, // views\n    state::AppState,\n};\nlet x = crate::db::begin_write(db);";
    let names: Vec<String> = named_modules(text).into_iter().collect();
    assert_eq!(names, ["auth", "db", "error", "state"]);
}
