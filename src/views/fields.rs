//! Parsing form fields every domain shares: dates, text, a choice from a list. Each helper
//! records its message on the field in `Errors` and returns what it could read, so a form
//! collects every problem in one pass.
//!
//! Every text field has a limit, checked here and answered next to the field: PostgreSQL
//! cannot index a row over about 2,700 bytes (a 1 MB e-mail answered 500), and a page must
//! not grow by a megabyte because one field took one. One-line fields refuse line breaks and
//! tabs; multi-line fields keep them. Other control characters never reach a form: the body
//! extractor (`views::form_body`) refuses them for every field.
use super::{form::Errors, form_body::forbidden_char};
use chrono::NaiveDate;

/// Limits in characters, by what a field holds.
pub mod limit {
    /// An e-mail address (RFC 5321's path limit).
    pub const EMAIL: usize = 254;
    /// A person's or an agency's name.
    pub const NAME: usize = 200;
    /// A short one-line answer: a phone number, a county, a tool's name.
    pub const LINE: usize = 500;
    /// A paragraph: notes, concerns, what was tried.
    pub const PARAGRAPH: usize = 10_000;
}

pub fn label_of(options: &[(&'static str, &'static str)], value: &str) -> &'static str {
    options
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, l)| *l)
        .unwrap_or("—")
}

/// Parses a `YYYY-MM-DD` date field; records a message when it is missing or malformed.
pub fn parse_date(
    errors: &mut Errors,
    field: &'static str,
    value: &str,
    what: &str,
) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("Enter the {what}."));
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Some(d),
        _ => {
            errors.add(
                field,
                format!("Enter the {what} as a real date, like 2026-03-14."),
            );
            None
        }
    }
}

/// A text field that must be filled in, at most `max` characters (line breaks are the
/// caller's choice: some required fields are paragraphs).
pub fn required(
    errors: &mut Errors,
    field: &'static str,
    value: &str,
    message: &str,
    max: usize,
) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, message);
    }
    check(errors, field, v, max);
    v.to_owned()
}

/// An optional one-line text field: trimmed, at most `max` characters, no line breaks.
pub fn text(errors: &mut Errors, field: &'static str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.contains(['\n', '\r', '\t']) {
        errors.add(field, "Keep this to one line (no line breaks or tabs).");
    }
    check(errors, field, v, max);
    v.to_owned()
}

/// An optional multi-line text field: trimmed, at most `max` characters, line breaks kept.
pub fn paragraph(errors: &mut Errors, field: &'static str, value: &str, max: usize) -> String {
    let v = value.trim();
    check(errors, field, v, max);
    v.to_owned()
}

/// The checks every text field shares: its length, and (should a caller skip the body
/// extractor) no control character that cannot be stored.
fn check(errors: &mut Errors, field: &'static str, v: &str, max: usize) {
    if forbidden_char(v).is_some() {
        errors.add(
            field,
            "Remove the control character from this field; it cannot be stored.",
        );
    }
    let n = v.chars().count();
    if n > max {
        errors.add(
            field,
            format!("Use at most {max} characters (this has {n})."),
        );
    }
}

pub fn one_of(
    errors: &mut Errors,
    field: &'static str,
    value: &str,
    options: &[(&str, &str)],
    message: &str,
) -> String {
    if !options.iter().any(|(v, _)| *v == value) {
        errors.add(field, message);
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits_are_answered_on_the_field() {
        let mut e = Errors::default();
        assert_eq!(text(&mut e, "a", "  Ana  ", 5), "Ana");
        assert!(e.is_empty());
        text(&mut e, "b", "abcdef", 5);
        assert_eq!(e.get("b"), Some("Use at most 5 characters (this has 6)."));
        text(&mut e, "c", "one\ntwo", 50);
        assert_eq!(
            e.get("c"),
            Some("Keep this to one line (no line breaks or tabs).")
        );
        paragraph(&mut e, "d", "one\r\ntwo\tthree", 50);
        assert_eq!(e.get("d"), None);
        paragraph(&mut e, "f", "nul\0here", 50);
        assert_eq!(
            e.get("f"),
            Some("Remove the control character from this field; it cannot be stored.")
        );
        required(&mut e, "g", "   ", "Enter it.", 5);
        assert_eq!(e.get("g"), Some("Enter it."));
        // Characters, not bytes: five accented letters fit a limit of five.
        let mut e = Errors::default();
        text(&mut e, "h", "ñáéíó", 5);
        assert!(e.is_empty());
    }
}
