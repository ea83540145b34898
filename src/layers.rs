//! The modules form a stack, and these tests keep it one. The foundation (entities, views,
//! policy, the clocks, …) is at the bottom; above it each domain sits on its own row and reads
//! only the foundation and the rows below it; the pages that combine domains are on top. A
//! domain that reached up (or sideways) would tie two domains into one knot: a change to
//! either could break the other, and neither could be read on its own.
//!
//! The test reads every file under `src/` and finds each module it names through `crate::…`,
//! including inside `use crate::{…}` groups, skipping comments and string literals.
use std::collections::BTreeSet;
use std::path::Path;

/// The foundation, bottom first: every domain may use any of these, and each of them uses
/// only those listed before it (the README's layout section lists them in this order).
const FOUNDATION: &[&str] = &[
    "entities", "i18n", "config", "db", "audit", "state", "meta", "assets", "shell", "error",
    "program", "timeline", "auth", "policy", "views", "metrics", "mail",
];

/// The domains and the pages, bottom row first. A module may use the foundation and the
/// modules on rows below its own: never one on its own row or above.
const LAYERS: &[&[&str]] = &[
    &["staff"],
    &["children"],
    &["agencies"],
    &["ifsp"],
    &["activities"],
    &["notes"],
    &["visits"],
    &["packets"],
    &["transition"],
    &["family"],
    &["reports"],
    &["api_tokens"],
    &["pages", "account", "admin", "interchange", "api"],
];

/// Above everything and unchecked: the route table, the demo data, the benchmark, the
/// health checks, backup and restore.
const TOP: &[&str] = &["server", "seed", "bench", "health", "backup"];

/// The row of a domain or page module, if it is one.
fn row(module: &str) -> Option<usize> {
    LAYERS.iter().position(|r| r.contains(&module))
}

/// The text with comments, string and character literals blanked out (newlines kept), so
/// that only code is searched.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, s: &[u8]| {
        for &c in s {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        let end = if rest.starts_with(b"//") {
            rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            let mut j = 0;
            while j < rest.len() {
                if rest[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            j
        } else if (rest[0] == b'r' || rest.starts_with(b"br")) && (i == 0 || !ident(b[i - 1])) && {
            let k = if rest[0] == b'b' { 2 } else { 1 };
            let hashes = rest[k..].iter().take_while(|&&c| c == b'#').count();
            rest.get(k + hashes) == Some(&b'"')
        } {
            let k = if rest[0] == b'b' { 2 } else { 1 };
            let hashes = rest[k..].iter().take_while(|&&c| c == b'#').count();
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = k + hashes + 1;
            rest[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(rest.len(), |p| body + p + close.len())
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else if rest[0] == b'\'' {
            // A character literal ('a', '\n', '\u{1F600}'), not a lifetime ('a).
            if rest.get(1) == Some(&b'\\') {
                // The escaped character is rest[2]; the closing quote comes after it.
                rest.get(3..)
                    .and_then(|r| r.iter().position(|&c| c == b'\''))
                    .map_or(1, |p| p + 4)
            } else {
                let ch = std::str::from_utf8(&rest[1..])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                if rest.get(1 + ch) == Some(&b'\'') {
                    ch + 2
                } else {
                    0
                }
            }
        } else {
            0
        };
        if end == 0 {
            let ch = src[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&src[i..i + ch]);
            i += ch;
        } else {
            blank(&mut out, &rest[..end]);
            i += end;
        }
    }
    out
}

/// The top-level modules a file names through `crate::`: `crate::a::b`, and each item of
/// `crate::{a::b, c::{d, e}, f}`.
fn crate_references(src: &str) -> BTreeSet<String> {
    let code = code_only(src);
    let b = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let skip_ws = |mut j: usize| {
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        j
    };
    let word = |j: usize| {
        let e = j + b[j..].iter().take_while(|&&c| ident(c)).count();
        (code[j..e].to_owned(), e)
    };
    let mut found = BTreeSet::new();
    let mut at = 0;
    while let Some(p) = code[at..].find("crate") {
        let start = at + p;
        at = start + 5;
        if start > 0 && (ident(b[start - 1]) || b[start - 1] == b'$') {
            continue;
        }
        let mut j = skip_ws(at);
        if !code[j..].starts_with("::") {
            continue;
        }
        j = skip_ws(j + 2);
        if b.get(j) != Some(&b'{') {
            let (w, _) = word(j);
            found.insert(w);
            continue;
        }
        // A group: the first segment of each item at depth one.
        let mut depth = 0;
        let mut item_start = true;
        while j < b.len() {
            match b[j] {
                b'{' => {
                    depth += 1;
                    if depth == 1 {
                        item_start = true;
                    }
                    j += 1;
                }
                b'}' => {
                    depth -= 1;
                    j += 1;
                    if depth == 0 {
                        break;
                    }
                }
                b',' => {
                    if depth == 1 {
                        item_start = true;
                    }
                    j += 1;
                }
                c if depth == 1 && item_start && ident(c) => {
                    let (w, e) = word(j);
                    found.insert(w);
                    item_start = false;
                    j = e;
                }
                c => {
                    if depth == 1 && !c.is_ascii_whitespace() {
                        item_start = false;
                    }
                    j += 1;
                }
            }
        }
        at = j;
    }
    found.retain(|w| !w.is_empty() && w != "self");
    found
}

/// The top-level module a file under `src/` belongs to: `ifsp/model.rs` → `ifsp`.
fn module_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("read a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn src_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module in `src/` named by `crate::` paths from each module of a layer, with the file.
fn uses() -> Vec<(String, String, String)> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src/");
        let module = module_of(rel);
        let text = std::fs::read_to_string(&f).expect("read a source file");
        for used in crate_references(&text) {
            if used != module {
                out.push((rel.display().to_string(), module.clone(), used));
            }
        }
    }
    out
}

#[test]
fn every_module_has_a_place_in_the_table() {
    let mut missing = Vec::new();
    for e in std::fs::read_dir(src_dir()).expect("read src/") {
        let p = e.expect("a directory entry").path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let module = name.strip_suffix(".rs").unwrap_or(&name).to_owned();
        let is_module = p.is_dir() || name.ends_with(".rs");
        let known = FOUNDATION.contains(&module.as_str())
            || row(&module).is_some()
            || TOP.contains(&module.as_str())
            || ["lib", "main", "layers"].contains(&module.as_str());
        if is_module && !known {
            missing.push(module);
        }
    }
    assert!(
        missing.is_empty(),
        "add these modules to a row of src/layers.rs: {missing:?}"
    );
}

#[test]
fn domains_and_pages_use_only_the_foundation_and_lower_rows() {
    let mut wrong = Vec::new();
    for (file, module, used) in uses() {
        let Some(mine) = row(&module) else { continue };
        if FOUNDATION.contains(&used.as_str()) {
            continue;
        }
        match row(&used) {
            Some(theirs) if theirs < mine => {}
            Some(theirs) if theirs == mine => wrong.push(format!(
                "src/{file}: {module} uses {used}, a module on its own row ({mine})"
            )),
            Some(theirs) => wrong.push(format!(
                "src/{file}: {module} (row {mine}) uses {used}, which is above it (row {theirs})"
            )),
            None => wrong.push(format!(
                "src/{file}: {module} (row {mine}) uses {used}, which is not on a row below it"
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "a domain reaches up or sideways; move the piece to the domain that owns it, read the \
         entities directly, or compose it in pages/:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_foundation_imports_only_downward() {
    let at = |m: &str| FOUNDATION.iter().position(|f| *f == m);
    let mut wrong = Vec::new();
    for (file, module, used) in uses() {
        let Some(mine) = at(&module) else { continue };
        match at(&used) {
            Some(theirs) if theirs < mine => {}
            _ => wrong.push(format!(
                "src/{file}: {module} uses {used}, which is not listed before it in FOUNDATION"
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "the foundation reaches up; move the piece down or the page up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn references_are_found_in_paths_and_use_groups_but_not_in_comments_or_strings() {
    let src = r##"
        use crate::{
            audit::{self, Actor},
            children::{authorized_child, model::{Case, load_case}},
            views::Page,
        };
        use crate::entities::visit;
        // crate::visits is only mentioned here
        /* and crate::notes here, /* nested */ crate::packets */
        fn f() -> Markup {
            let s = "crate::family in a string";
            let r = r#"crate::transition in a raw "string""#;
            let c = '"';
            let q = '\'';
            let l: &'static str = "x";
            html! { (crate::ifsp::cos_pages::summary(1, &[], false)) }
        }
        macro_rules! m { () => { $crate::staff::x() } }
    "##;
    let found: Vec<String> = crate_references(src).into_iter().collect();
    assert_eq!(
        found,
        ["audit", "children", "entities", "ifsp", "views"].map(String::from)
    );
}

#[test]
fn files_belong_to_their_top_level_module() {
    assert_eq!(module_of(Path::new("ifsp/model.rs")), "ifsp");
    assert_eq!(module_of(Path::new("pages/child/views.rs")), "pages");
    assert_eq!(module_of(Path::new("policy.rs")), "policy");
}
