//! The report as CSV and JSON: the drill-down of one indicator, and the figures of all.
use super::{Indicator, Report};
use serde::Serialize;

/// One indicator's numbers, as the page's table shows them.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub indicator: &'static str,
    pub numerator: usize,
    pub denominator: usize,
    pub percent: String,
    pub family_delays: usize,
    pub late: usize,
    pub excluded: usize,
    pub not_yet_due: usize,
}

pub fn summaries(r: &Report) -> Vec<Summary> {
    r.figures
        .iter()
        .map(|f| Summary {
            indicator: f.indicator.code(),
            numerator: f.numerator,
            denominator: f.denominator,
            percent: f.percent(),
            family_delays: f.family_delays,
            late: f.late,
            excluded: f.excluded,
            not_yet_due: f.not_yet_due,
        })
        .collect()
}

pub fn summary_json(r: &Report) -> String {
    let v = serde_json::json!({
        "program": r.program_slug,
        "from": r.period.from,
        "to": r.period.to,
        "as_of": r.as_of,
        "indicators": summaries(r),
    });
    serde_json::to_string_pretty(&v).expect("plain values serialize")
}

pub fn summary_csv(r: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for s in summaries(r) {
        w.serialize(s)?;
    }
    finish(w)
}

/// Every child listed for one indicator, with the dates, the result and the reason.
pub fn detail_csv(r: &Report, i: Indicator) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "indicator",
        "child_id",
        "child",
        "date_of_birth",
        "due",
        "done",
        "result",
        "in_denominator",
        "in_numerator",
        "reason",
    ])?;
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for (c, d) in &r.figure(i).rows {
        w.write_record([
            i.code(),
            &c.id.to_string(),
            &text(&c.name),
            &c.date_of_birth.to_string(),
            &day(d.due),
            &day(d.done),
            d.verdict.key(),
            if d.verdict.in_denominator() {
                "yes"
            } else {
                "no"
            },
            if d.verdict.in_numerator() {
                "yes"
            } else {
                "no"
            },
            &d.reason,
        ])?;
    }
    finish(w)
}

/// Typed text as a spreadsheet will not run it: a cell starting like a formula gets a quote.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("csv of strings is UTF-8"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_that_looks_like_a_formula_is_quoted() {
        assert_eq!(super::text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::text("@SUM"), "'@SUM");
        assert_eq!(super::text("Ava Report"), "Ava Report");
    }
}
