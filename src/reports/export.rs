//! The report as CSV and JSON: the drill-down of one indicator, and the figures of all.
use super::{Indicator, Report, indicators::c3::describe};
use crate::entities::Choice;
use serde::Serialize;

/// One indicator's numbers, as the page's tables show them. The C2 row and the six C3 rows
/// (`C3A SS1` … `C3C SS2`) have no family delays, late or not-yet-due counts (empty);
/// their `excluded` is C2's children without a current service or aged three, and for C3
/// the outcome's children listed as missing data. The C4 rows (`C4A` … `C4C`, then
/// `C4 response rate`) have `excluded` as the families who preferred not to say (none for the
/// rate: those who declined the survey), and an empty numerator and a "—" percent for an
/// area too few families answered.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub indicator: String,
    pub numerator: Option<usize>,
    pub denominator: usize,
    pub percent: String,
    pub family_delays: Option<usize>,
    pub late: Option<usize>,
    pub excluded: usize,
    pub not_yet_due: Option<usize>,
}

pub fn summaries(r: &Report) -> Vec<Summary> {
    let mut out: Vec<Summary> = r
        .figures
        .iter()
        .map(|f| Summary {
            indicator: f.indicator.code().to_owned(),
            numerator: Some(f.numerator),
            denominator: f.denominator,
            percent: f.percent(),
            family_delays: Some(f.family_delays),
            late: Some(f.late),
            excluded: f.excluded,
            not_yet_due: Some(f.not_yet_due),
        })
        .collect();
    let plain = |indicator: String, (numerator, denominator), percent, excluded| Summary {
        indicator,
        numerator: Some(numerator),
        denominator,
        percent,
        family_delays: None,
        late: None,
        excluded,
        not_yet_due: None,
    };
    let c2 = &r.c2;
    out.push(plain(
        "C2".to_owned(),
        (c2.numerator(), c2.denominator()),
        c2.percent(),
        c2.no_current_service + c2.excluded,
    ));
    let cf = &r.child_find;
    // Without a population for the year the denominator is 0 and the percent "—".
    for (code, children, v) in [
        ("C5", cf.under_one, cf.c5()),
        ("C6", cf.under_three, cf.c6()),
    ] {
        let percent = super::indicators::c5c6::ChildFind::percent(v);
        let population = v.map_or(0, |(_, d)| d);
        out.push(plain(code.to_owned(), (children, population), percent, 0));
    }
    for (o, n) in r.c3.by_outcome() {
        let code = o.as_str();
        out.push(plain(
            format!("C3{code} SS1"),
            n.ss1(),
            n.ss1_percent(),
            n.missing,
        ));
        out.push(plain(
            format!("C3{code} SS2"),
            n.ss2(),
            n.ss2_percent(),
            n.missing,
        ));
    }
    for a in &r.c4.areas {
        out.push(Summary {
            numerator: a.agree_shown(),
            ..plain(
                a.area.code().to_owned(),
                (0, a.answered),
                a.percent(),
                a.prefer_not,
            )
        });
    }
    let c4 = &r.c4;
    out.push(plain(
        "C4 response rate".to_owned(),
        (c4.responded, c4.families),
        c4.response_rate(),
        c4.declined,
    ));
    out
}

/// C4 in long form, counts only (no family, child or answer): one row per area, then the
/// response counts.
pub fn c4_csv(r: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["from", "to", "measure", "count", "of", "percent"])?;
    let (from, to) = (r.period.from.to_string(), r.period.to.to_string());
    let c4 = &r.c4;
    for a in &c4.areas {
        let agree = a.agree_shown().map_or_else(String::new, |n| n.to_string());
        let measure = format!("{} agree", a.area.code());
        w.write_record([
            &from,
            &to,
            &measure,
            &agree,
            &a.answered.to_string(),
            &a.percent(),
        ])?;
        let measure = format!("{} prefer not to say", a.area.code());
        w.write_record([&from, &to, &measure, &a.prefer_not.to_string(), "", ""])?;
    }
    let rows = [
        ("responded", c4.responded, c4.response_rate()),
        ("declined", c4.declined, String::new()),
        ("with comment", c4.with_comment, String::new()),
        (
            "not counted (no IFSP in the period)",
            c4.outside,
            String::new(),
        ),
    ];
    for (measure, n, percent) in rows {
        w.write_record([
            &from,
            &to,
            measure,
            &n.to_string(),
            &c4.families.to_string(),
            &percent,
        ])?;
    }
    finish(w)
}

pub fn summary_json(r: &Report) -> String {
    let c3: Vec<_> =
        r.c3.by_outcome()
            .map(|(o, n)| {
                let [a, b, c, d, e] = n.counts;
                serde_json::json!({
                    "outcome": o.as_str(), "a": a, "b": b, "c": c, "d": d, "e": e,
                    "missing": n.missing, "ss1": n.ss1_percent(), "ss2": n.ss2_percent(),
                })
            })
            .collect();
    let c2 = &r.c2;
    let v = serde_json::json!({
        "program": r.program_slug,
        "from": r.period.from,
        "to": r.period.to,
        "as_of": r.as_of,
        "count_date": c2.count_date,
        "indicators": summaries(r),
        "c3": { "outcomes": c3, "served_under_six_months": r.c3.excluded },
        "c2": {
            "home": c2.served[0], "community": c2.served[1], "other": c2.served[2],
            "no_current_service": c2.no_current_service, "excluded": c2.excluded,
        },
        "t618": {
            "child_count_by_age": r.t618.by_age(),
            "exits": r.t618.exit_rows(),
        },
        "c4": {
            "families": r.c4.families, "responded": r.c4.responded, "declined": r.c4.declined,
            "with_comment": r.c4.with_comment, "not_counted": r.c4.outside,
        },
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

/// Every child C3 lists: the dates, each outcome's ratings and category, the reason.
pub fn c3_csv(r: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "indicator",
        "child_id",
        "child",
        "date_of_birth",
        "service_start",
        "exit_date",
        "result",
        "outcome_a",
        "outcome_b",
        "outcome_c",
        "reason",
    ])?;
    for (c, d) in &r.c3.rows {
        w.write_record([
            "C3",
            &c.id.to_string(),
            &text(&c.name),
            &c.date_of_birth.to_string(),
            &d.service_start.to_string(),
            &d.exit_date.to_string(),
            d.status.key(),
            &describe(d, 0),
            &describe(d, 1),
            &describe(d, 2),
            &d.reason,
        ])?;
    }
    finish(w)
}

/// Every child with an active IFSP on the count date: minutes by setting and the setting.
pub fn c2_csv(r: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "indicator",
        "count_date",
        "child_id",
        "child",
        "date_of_birth",
        "plan_met",
        "home_minutes_month",
        "community_minutes_month",
        "other_minutes_month",
        "setting",
        "in_denominator",
        "in_numerator",
        "reason",
    ])?;
    let yes = |b: bool| if b { "yes" } else { "no" };
    for (c, d) in &r.c2.rows {
        let [h, m, o] = d.minutes.map(|x| x.to_string());
        w.write_record([
            "C2",
            &r.c2.count_date.to_string(),
            &c.id.to_string(),
            &text(&c.name),
            &c.date_of_birth.to_string(),
            &d.plan_met.to_string(),
            &h,
            &m,
            &o,
            d.status.key(),
            yes(d.status.in_denominator()),
            yes(d.status.in_numerator()),
            &d.reason,
        ])?;
    }
    finish(w)
}

/// The 618 tables in long form: one row per cell (table, row, column, count), the settings
/// from C2 on the same count date.
pub fn t618_csv(r: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "table",
        "count_date",
        "from",
        "to",
        "row",
        "column",
        "count",
    ])?;
    let count = r.c2.count_date.to_string();
    let (from, to) = (r.period.from.to_string(), r.period.to.to_string());
    let mut cells = r.t618.cells();
    for (s, n) in settings(r) {
        cells.push(("settings", s.to_owned(), "Children", n));
    }
    for (table, row, column, n) in cells {
        w.write_record([table, &count, &from, &to, &row, column, &n.to_string()])?;
    }
    finish(w)
}

/// The settings table: C2's children per primary setting, and those without a current
/// service.
pub fn settings(r: &Report) -> Vec<(&'static str, usize)> {
    use super::indicators::c2::Setting618;
    let mut out: Vec<_> = Setting618::ALL
        .iter()
        .map(|s| (s.label(), r.c2.served[*s as usize]))
        .collect();
    out.push(("No current service", r.c2.no_current_service));
    out
}

/// Typed text as a spreadsheet will not run it: a cell starting like a formula gets a quote.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
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
