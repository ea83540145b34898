//! The import's pages. Each fits a 375 px screen: the mapping is one select per field, and
//! the preview's wide table scrolls inside its own labelled, focusable region.
use super::{
    fields::{FIELDS, Mapping, field},
    file::{MAX_CHARS, MAX_ROWS, Sheet},
    preview::{Dup, Row},
};
use crate::views::table_wrap;
use crate::{
    assets,
    entities::child,
    views::form::Errors,
    views::{
        Page,
        form::{csrf_field, error_summary, textarea},
        layout,
    },
};
use maud::{Markup, html};
use std::collections::BTreeMap;

const NAV: &str = "/children/new";

fn steps(current: usize) -> Markup {
    let names = ["Upload", "Match the columns", "Check the rows", "Import"];
    html! {
        ol class="steps" aria-label="Steps of the import" {
            @for (i, n) in names.iter().enumerate() {
                li aria-current=[(i == current).then_some("step")] { (n) }
            }
        }
    }
}

pub fn upload(p: &Page, typed: &str, errors: &Errors) -> Markup {
    let hint = format!(
        "Paste the spreadsheet saved as CSV (comma or semicolon separated, UTF-8), with the column names on the first line. At most {MAX_ROWS} referrals or {MAX_CHARS} characters at a time."
    );
    layout::page(
        p,
        "Import referrals",
        NAV,
        html! {
            h1 { "Import referrals from a spreadsheet" }
            (steps(0))
            p class="lead" { "Nothing is recorded until the last step: you will match the columns to the intake form's fields and see every row checked first." }
            (error_summary(errors))
            form method="post" action="/referral-imports" novalidate {
                (csrf_field(&p.csrf))
                // Shown by `csv-file.js`, which reads the file into the field below.
                div class="field" hidden {
                    label for="csv-file" { "Choose the CSV file" span class="optional" { " (or paste it below)" } }
                    input type="file" id="csv-file" accept=".csv,text/csv,text/plain";
                }
                (textarea("csv", "The list, as CSV", typed, Some(&hint), errors, true))
                button type="submit" class="primary" { "Continue" }
            }
            script src=(assets::url("js/csv-file.js")) defer {}
            p { a href="/children/new" { "Enter one referral instead" } }
        },
    )
}

/// The first non-empty value of a column, to help recognise it.
fn example(sheet: &Sheet, col: usize) -> Option<&str> {
    sheet
        .rows
        .iter()
        .filter_map(|r| r.get(col))
        .map(String::as_str)
        .find(|v| !v.is_empty())
}

pub fn mapping(
    p: &Page,
    id: i32,
    sheet: &Sheet,
    chosen: &BTreeMap<String, String>,
    errors: &Errors,
) -> Markup {
    let options: Vec<(String, String)> = sheet
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let name = if h.is_empty() {
                format!("Column {}", i + 1)
            } else {
                h.clone()
            };
            let text = match example(sheet, i) {
                Some(e) => format!("{name} (e.g. {})", e.chars().take(30).collect::<String>()),
                None => name,
            };
            (i.to_string(), text)
        })
        .collect();
    layout::page(
        p,
        "Match the columns",
        NAV,
        html! {
            h1 { "Match the columns" }
            (steps(1))
            p class="lead" { "For each field of the intake form, choose the column of your file that holds it. We guessed from the column names; check each one. " (sheet.rows.len()) " rows in the file." }
            (error_summary(errors))
            form method="post" action={"/referral-imports/" (id)} novalidate {
                (csrf_field(&p.csrf))
                @for f in FIELDS {
                    @let error = errors.get(f.name);
                    @let fid = format!("f-{}", f.name);
                    @let current = chosen.get(f.name).map(String::as_str).unwrap_or("");
                    div class=(if error.is_some() { "field has-error" } else { "field" }) {
                        label for=(fid) {
                            (f.label)
                            @if !f.required { span class="optional" { " (optional)" } }
                        }
                        @if let Some(e) = error {
                            p class="error" id={(fid) "-error"} { span class="visually-hidden" { "Error: " } (e) }
                        }
                        select id=(fid) name=(f.name) required[f.required]
                            aria-invalid=[error.map(|_| "true")]
                            aria-describedby=[error.map(|_| format!("{fid}-error"))] {
                            option value="" { "Not in this file" }
                            @for (v, text) in &options {
                                option value=(v) selected[v == current] { (text) }
                            }
                        }
                    }
                }
                button type="submit" class="primary" { "Check the rows" }
            }
            p { a href="/referral-imports" { "Upload a different file" } }
        },
    )
}

fn dup_text(d: &Dup) -> Markup {
    html! {
        @match d {
            Dup::SameChild(c) => { "Same name and date of birth as " a href={"/children/" (c.id)} { (c.full_name()) } }
            Dup::SamePhone(c) => { "Same caregiver phone as the family of " a href={"/children/" (c.id)} { (c.full_name()) } }
            Dup::EarlierRow(l) => { "Same child or caregiver phone as line " (l) " of this file" }
        }
    }
}

pub fn preview(
    p: &Page,
    id: i32,
    sheet: &Sheet,
    mapping: &Mapping,
    rows: &[Row],
    ticked: &[usize],
    refusal: Option<&str>,
) -> Markup {
    let cols: Vec<(&str, &str, usize)> = FIELDS
        .iter()
        .filter_map(|f| mapping.get(f.name).map(|c| (f.name, f.label, *c)))
        .collect();
    let with_errors = rows.iter().filter(|r| r.parsed.is_err()).count();
    let dups = rows
        .iter()
        .filter(|r| r.parsed.is_ok() && r.is_duplicate())
        .count();
    let ready = rows.len() - with_errors - dups;
    layout::page(
        p,
        "Check the rows",
        NAV,
        html! {
            h1 { "Check the rows" }
            (steps(2))
            @if let Some(msg) = refusal {
                div class="error-summary" role="alert" tabindex="-1" { h2 { "There is a problem" } p { (msg) } }
            }
            p class="lead" id="import-summary" {
                (rows.len()) " rows: " (ready) " ready, " (with_errors) " with problems, " (dups) " likely duplicates. Nothing has been recorded yet."
            }
            @if with_errors > 0 {
                p { "Rows with problems cannot be imported. Correct them in the spreadsheet and " a href="/referral-imports" { "upload it again" } ", or " a href={"/referral-imports/" (id)} { "change the column choices" } "." }
            }
            @if dups > 0 {
                p { "Likely duplicates are left out unless you tick “Import anyway”. To add a referral to an existing child's record, use that child's page." }
            }
            form method="post" action={"/referral-imports/" (id) "/commit"} {
                (csrf_field(&p.csrf))
                (table_wrap::cards("Rows of the file, with their problems", html! {
                    table class="import-rows" {
                        thead { tr {
                            th scope="col" { "Line" }
                            @for (_, label, c) in &cols { th scope="col" { (label) br; span class="hint" { "“" (sheet.headers[*c]) "”" } } }
                            th scope="col" { "Other problems" }
                            th scope="col" { "Likely duplicate" }
                        } }
                        tbody {
                            @for r in rows {
                                @let errs = r.parsed.as_ref().err();
                                tr id={"line-" (r.line)} class=(if errs.is_some() { "has-error" } else if r.is_duplicate() { "is-duplicate" } else { "" }) {
                                    th scope="row" { (r.line) }
                                    @for (name, _, c) in &cols {
                                        @let err = errs.and_then(|e| e.get(name));
                                        td class=[err.map(|_| "has-error")] {
                                            (sheet.rows.get(rows_index(sheet, r.line)).and_then(|row| row.get(*c)).map_or("", String::as_str))
                                            @if let Some(e) = err { p class="error" { span class="visually-hidden" { "Error: " } (e) } }
                                        }
                                    }
                                    td class="other-errors" {
                                        @if let Some(e) = errs {
                                            @for (f, msg) in e.iter().filter(|(f, _)| !mapping.contains_key(**f)) {
                                                p class="error" { (field(f).map_or(*f, |x| x.label)) ": " (msg) }
                                            }
                                        }
                                    }
                                    td {
                                        @if r.parsed.is_ok() && r.is_duplicate() {
                                            ul { @for d in &r.dups { li { (dup_text(d)) } } }
                                            div class="checkbox" {
                                                input type="checkbox" id={"include-" (r.line)} name="include" value=(r.line) checked[ticked.contains(&r.line)];
                                                label for={"include-" (r.line)} { "Import anyway" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }))
                button type="submit" class="primary" { "Import the referrals" }
            }
        },
    )
}

/// The index in the sheet of the row at `line`.
fn rows_index(sheet: &Sheet, line: usize) -> usize {
    sheet
        .lines
        .iter()
        .position(|l| *l == line)
        .unwrap_or(usize::MAX)
}

pub fn result(p: &Page, kids: &[child::Model]) -> Markup {
    layout::page(
        p,
        "Referrals imported",
        NAV,
        html! {
            h1 { "Referrals imported" }
            (steps(3))
            p class="lead" id="import-result" { (kids.len()) " referrals were recorded. Each child's 45-day clock runs from the referral date in the file." }
            ul class="imported" {
                @for k in kids { li { a href={"/children/" (k.id)} { (k.full_name()) } ", born " (k.date_of_birth) } }
            }
            p { a href="/caseload" { "Go to the caseload" } " · " a href="/referral-imports" { "Import another file" } }
        },
    )
}
