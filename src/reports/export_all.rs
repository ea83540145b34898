//! Every program's figures summed (`super::combined`) as CSV and JSON: the lead agency's
//! CSV and `hearth report indicators` without `--program` print these.
use super::{combined::Combined, export};
use serde::Serialize;

/// One measure across the programs. `numerator` and `denominator` are empty when the
/// measure is not summed (`how` says why: `withheld`, `no_population`).
#[derive(Debug, Serialize)]
pub struct SumRow {
    pub indicator: String,
    pub numerator: Option<usize>,
    pub denominator: Option<usize>,
    pub percent: String,
    pub how: &'static str,
    pub programs: usize,
}

pub fn rows(c: &Combined) -> Vec<SumRow> {
    c.sums
        .iter()
        .map(|s| SumRow {
            indicator: s.measure.code(),
            numerator: s.figure.map(|f| f.0),
            denominator: s.figure.map(|f| f.1),
            percent: s.percent(),
            how: s.how.key(),
            programs: c.reports.len(),
        })
        .collect()
}

pub fn combined_csv(c: &Combined) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows(c) {
        w.serialize(r)?;
    }
    export::finish(w)
}

pub fn combined_json(c: &Combined) -> String {
    let by_program: serde_json::Map<String, serde_json::Value> = c
        .reports
        .iter()
        .map(|(p, r)| {
            (
                p.slug.clone(),
                serde_json::to_value(export::summaries(r)).expect("plain values serialize"),
            )
        })
        .collect();
    let v = serde_json::json!({
        "program": "all",
        "programs": c.reports.iter().map(|(p, _)| p.slug.as_str()).collect::<Vec<_>>(),
        "from": c.period.from,
        "to": c.period.to,
        "count_date": c.count_date,
        "indicators": rows(c),
        "by_program": by_program,
    });
    serde_json::to_string_pretty(&v).expect("plain values serialize")
}
