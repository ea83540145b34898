//! The one form-body extractor every handler uses instead of `axum::Form`, so no form can
//! answer axum's plain-text rejection or carry text the database cannot hold:
//! - a body that is not a form, or does not fit the form's fields (a missing field, a number
//!   that is not one), gets the app's own page (400 / 422), not axum's text;
//! - a control character other than tab, line feed and carriage return, in any field, refuses
//!   the whole post with a page naming the field (422) before the handler runs. PostgreSQL
//!   cannot store a NUL byte at all (it answered 500), and no keyboard types the others, so
//!   this is the safety net for every field, including one a form forgot to check. Each
//!   field's length, and line breaks in one-line fields, are checked by the form itself
//!   (`views::fields`), with the message next to the field;
//! - a field over `MAX_FIELD` characters is refused the same way: no form holds that much in
//!   one field, so a field whose form has no limit of its own still has this one (a
//!   million-character note made a 3 MB page).
use crate::error::AppError;
use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::header,
};
use serde::de::DeserializeOwned;

/// The most any one field may hold, whatever its form says: ten times the longest
/// paragraph a form allows (`fields::limit::PARAGRAPH`).
pub const MAX_FIELD: usize = 100_000;

/// A form body parsed into `T` (repeated keys fill a `Vec`, as browsers send checkboxes).
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest(
                "This page only accepts a form sent from Hearth. Go back, reload the page and try again; nothing was changed.".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest("That form is too large to accept.".into()))?;
        parse(&bytes).map(Form)
    }
}

/// Checks every value for characters that cannot be stored, then reads the fields.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_bytes(body)
        .map_err(|_| AppError::BadRequest("The form could not be read.".into()))?;
    if let Some((field, c)) = pairs
        .iter()
        .find_map(|(k, v)| forbidden_char(v).map(|c| (k, c)))
    {
        return Err(AppError::Unprocessable(format!(
            "The field “{}” contains a control character (U+{:04X}) that cannot be stored. Go back, remove it and send the form again; nothing was saved.",
            shorten(field),
            c as u32
        )));
    }
    if let Some((field, n)) = pairs
        .iter()
        .map(|(k, v)| (k, v.chars().count()))
        .find(|(_, n)| *n > MAX_FIELD)
    {
        return Err(AppError::Unprocessable(format!(
            "The field “{}” holds {n} characters; no field takes more than {MAX_FIELD}. Go back, shorten it and send the form again; nothing was saved.",
            shorten(field),
        )));
    }
    serde_html_form::from_bytes(body).map_err(|e| {
        tracing::info!(error = %e, "form body did not fit its fields");
        AppError::Unprocessable(
            "The form was missing a field or had a value of the wrong kind, so nothing was saved. Go back, reload the page and try again.".into(),
        )
    })
}

/// The first character no text field may hold: every control character except tab, line
/// feed and carriage return (which multi-line fields keep).
pub fn forbidden_char(value: &str) -> Option<char> {
    value
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// A field name as a hand-made request may send it, cut to something printable.
fn shorten(field: &str) -> String {
    field.chars().filter(|c| !c.is_control()).take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Sample {
        name: String,
        #[serde(default)]
        count: Option<i32>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn a_nul_anywhere_is_refused_and_named() {
        let e = parse::<Sample>(b"name=Ana%00Lee").unwrap_err();
        assert!(
            matches!(&e, AppError::Unprocessable(m) if m.contains("“name”") && m.contains("U+0000")),
            "{e:?}"
        );
        assert!(parse::<Sample>(b"name=ok&other=%1B").is_err());
        assert!(parse::<Sample>(b"name=%C2%85").is_err(), "C1 control (NEL)");
    }

    #[test]
    fn no_field_holds_more_than_the_cap() {
        let ok = format!("name={}", "a".repeat(MAX_FIELD));
        assert!(parse::<Sample>(ok.as_bytes()).is_ok());
        let long = format!("name={}", "é".repeat(MAX_FIELD + 1));
        let e = parse::<Sample>(long.as_bytes()).unwrap_err();
        assert!(
            matches!(&e, AppError::Unprocessable(m) if m.contains("“name” holds 100001 characters")),
            "{e:?}"
        );
    }

    #[test]
    fn tabs_and_line_breaks_pass_to_the_form() {
        let s: Sample = parse(b"name=a%09b%0D%0Ac&tags=x&tags=y").unwrap();
        assert_eq!(s.name, "a\tb\r\nc");
        assert_eq!(s.tags, vec!["x", "y"]);
        assert_eq!(s.count, None);
    }

    #[test]
    fn a_body_that_does_not_fit_is_unprocessable() {
        assert!(matches!(
            parse::<Sample>(b"count=3"),
            Err(AppError::Unprocessable(_))
        ));
        assert!(matches!(
            parse::<Sample>(b"name=a&count=three"),
            Err(AppError::Unprocessable(_))
        ));
    }
}
