//! Reading a file's lines into records, every problem named by line, record and field.
use crate::interchange::Kind;
use crate::interchange::records::Record;
use serde_json::Value;

/// One problem of an import file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based.
    pub line: usize,
    /// The record's type and id, when the line got that far.
    pub record: Option<(String, String)>,
    /// The field, when the problem is one field's.
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: ", self.line)?;
        if let Some((t, id)) = &self.record {
            write!(f, "{t} {id}: ")?;
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// A record read from a line.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub line: usize,
    pub rec: Record,
}

/// Reads one line (1-based `line`): the record, when the line is one (a blank line is not),
/// and its problems. A record whose fields have problems is still returned, so that the
/// checks across records (references, unique e-mails) see it too.
pub fn parse_line(line: usize, text: &str) -> (Option<Parsed>, Vec<Problem>) {
    match read_line(line, text) {
        Ok(r) => r,
        Err(p) => (None, p),
    }
}

#[allow(clippy::type_complexity)]
fn read_line(line: usize, text: &str) -> Result<(Option<Parsed>, Vec<Problem>), Vec<Problem>> {
    let problem = |record: Option<(String, String)>, field: &str, message: String| Problem {
        line,
        record,
        field: field.to_owned(),
        message,
    };
    if text.trim().is_empty() {
        return Ok((None, vec![]));
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| vec![problem(None, "", format!("not JSON: {e}"))])?;
    let Value::Object(mut obj) = value else {
        return Err(vec![problem(None, "", "not a JSON object".into())]);
    };
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let kind = match obj.remove("type") {
        None => return Err(vec![problem(None, "type", "required".into())]),
        Some(Value::String(t)) => match Kind::parse(&t) {
            Some(k) => k,
            None => {
                return Err(vec![problem(
                    None,
                    "type",
                    format!("unknown record type {t:?}"),
                )]);
            }
        },
        Some(other) => {
            return Err(vec![problem(
                None,
                "type",
                format!("must be a string, not {other}"),
            )]);
        }
    };
    let record = Some((kind.as_str().to_owned(), id.clone()));
    let rec = Record::from_value(kind, Value::Object(obj))
        .map_err(|(field, msg)| vec![problem(record.clone(), &field, msg)])?;
    let mut problems: Vec<Problem> = rec
        .problems()
        .into_iter()
        .map(|(field, msg)| problem(record.clone(), field, msg))
        .collect();
    if id.trim().is_empty() || id.len() > 200 || id.chars().any(char::is_control) {
        problems.push(problem(
            record,
            "id",
            "must be 1 to 200 characters, no control characters".into(),
        ));
    }
    Ok((Some(Parsed { line, rec }), problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse_line(7, text)
            .1
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const FAMILY: &str = r#"{"type":"family","id":"f1","program":"p1","address_line":"1 Elm St","city":"Riverbend","county":"Ash","postal_code":"16001","created_at":"2026-11-02T10:00:00Z"}"#;

    #[test]
    fn a_good_line_reads_into_its_typed_record() {
        let (p, problems) = parse_line(3, FAMILY);
        assert!(problems.is_empty());
        let p = p.unwrap();
        assert_eq!(p.line, 3);
        let Record::Family(f) = p.rec else {
            panic!("not a family")
        };
        assert_eq!((f.id.as_str(), f.city.as_str()), ("f1", "Riverbend"));
        assert!(parse_line(4, "   ").0.is_none());
    }

    #[test]
    fn each_problem_names_its_line_record_and_field() {
        assert_eq!(
            errors("{\"type\":"),
            ["line 7: not JSON: EOF while parsing a value at line 1 column 8"]
        );
        assert_eq!(errors("[1]"), ["line 7: not a JSON object"]);
        assert_eq!(errors(r#"{"id":"x"}"#), ["line 7: type: required"]);
        assert_eq!(
            errors(r#"{"type":"kid","id":"x"}"#),
            ["line 7: type: unknown record type \"kid\""]
        );
        assert_eq!(
            errors(&FAMILY.replace(r#""city":"Riverbend","#, "")),
            ["line 7: family f1: city: required"]
        );
        assert_eq!(
            errors(&FAMILY.replace(r#""city":"Riverbend""#, r#""city":3"#)),
            ["line 7: family f1: city: invalid type: integer `3`, expected a string"]
        );
        assert_eq!(
            errors(&FAMILY.replace(r#""city""#, r#""town""#)),
            ["line 7: family f1: town: unknown field"]
        );
        assert_eq!(
            errors(&FAMILY.replace(r#""id":"f1""#, r#""id":"""#)),
            ["line 7: family : id: must be 1 to 200 characters, no control characters"]
        );
    }

    /// The fuzz target's seeds are good lines: a seed for every type, each reading whole.
    #[test]
    fn the_fuzz_seeds_cover_every_type_and_read_without_problems() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fuzz/seeds/import_parser"
        );
        for k in Kind::ALL {
            let text = std::fs::read_to_string(format!("{dir}/{k}.jsonl"))
                .unwrap_or_else(|e| panic!("{k}: {e}"));
            let (parsed, problems) = crate::interchange::import::parse_file(&text);
            assert!(problems.is_empty(), "{k}: {problems:?}");
            assert!(parsed.iter().all(|p| p.rec.kind() == k) && !parsed.is_empty());
        }
    }

    #[test]
    fn dates_states_and_text_are_checked_by_field() {
        let child = r#"{"type":"child","id":"c1","program":"p1","family":"f1","first_name":"Ana","last_name":"Diaz","date_of_birth":"2025-02-30","status":"active","created_at":"2026-11-02T10:00:00Z","updated_at":"2026-11-02T10:00:00Z"}"#;
        assert_eq!(
            errors(child),
            ["line 7: child c1: date_of_birth: input is out of range"]
        );
        let child = child.replace("2025-02-30", "2025-02-03");
        assert!(errors(&child).is_empty(), "{:?}", errors(&child));
        assert_eq!(
            errors(&child.replace(r#""active""#, r#""open""#)),
            [
                "line 7: child c1: status: unknown variant `open`, expected one of `referred`, \
                 `evaluating`, `active`, `not_eligible`, `exited`"
            ]
        );
        // A record with a bad field still reads, for the checks across records.
        let (rec, problems) = parse_line(7, &child.replace(r#""Ana""#, r#""  ""#));
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["line 7: child c1: first_name: must not be empty"]
        );
        assert_eq!(rec.unwrap().rec.id(), "c1");
        assert_eq!(
            errors(&child.replace(r#""Diaz""#, r#""Di\u0000az""#)),
            ["line 7: child c1: last_name: control characters are not allowed"]
        );
    }
}
