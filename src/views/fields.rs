//! Parsing form fields every domain shares: dates, required text, a choice from a list. Each
//! helper records its message on the field in `Errors` and returns what it could read, so a
//! form collects every problem in one pass.
use super::form::Errors;
use chrono::NaiveDate;

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
    } else if v.chars().count() > max {
        errors.add(field, format!("Use at most {max} characters."));
    }
    v.to_owned()
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
