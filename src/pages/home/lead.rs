//! The lead agency's home: every program of the installation with this federal year's
//! indicators against the program's targets (the dashboard's own table), each program one
//! click from its dashboard. Reading them is audited in each program's log.
use crate::{
    audit::Event,
    entities::Choice,
    error::AppResult,
    meta::RequestMeta,
    pages::dashboard::{self, IndicatorRow},
    reports::{Period, scope},
    state::AppState,
    views::{Page, layout, table_wrap},
};
use maud::{Markup, html};

pub(super) async fn home(state: &AppState, page: &Page, meta: &RequestMeta) -> AppResult<Markup> {
    let u = &page.user;
    let mut programs = Vec::new();
    for p in scope::programs(&state.db).await? {
        let today = chrono::Utc::now().with_timezone(&p.tz()).date_naive();
        let (period, rows) = dashboard::indicator_rows(&state.db, &p, today).await?;
        let ev = Event::new("report.viewed", "program", p.id).detail(serde_json::json!({
            "report": "home",
            "indicators_from": period.from,
            "indicators_to": period.to,
            "role": u.role.as_str(),
        }));
        state.audit.record(&scope::actor(u, meta, p.id), ev).await?;
        programs.push((p, period, rows));
    }
    Ok(view(page, &programs))
}

fn met(rows: &[IndicatorRow]) -> (usize, usize) {
    let judged: Vec<bool> = rows.iter().filter_map(IndicatorRow::met).collect();
    (judged.iter().filter(|m| **m).count(), judged.len())
}

fn view(
    p: &Page,
    programs: &[(crate::entities::program::Model, Period, Vec<IndicatorRow>)],
) -> Markup {
    let first = p.user.display_name.split_whitespace().next().unwrap_or("");
    layout::page(
        p,
        "Every program",
        "/",
        html! {
            p class="greeting" { "Hello, " (first) "." }
            h1 { "Every program" }
            p class="lead" { "Each program's federal indicators this year against the targets the program set. Open a program's dashboard, or " a href="/reports/indicators" { "all programs' indicators, summed" } "." }
            @for (prog, period, rows) in programs {
                @let (ok, judged) = met(rows);
                @let query = format!("from={}&to={}&program={}", period.from, period.to, prog.slug);
                section class="card" data-program=(prog.slug) aria-labelledby={ "p-" (prog.slug) } {
                    h2 id={ "p-" (prog.slug) } { a href={ "/dashboard?program=" (prog.slug) } { (prog.name) } }
                    p { (ok) " of " (judged) " targets met, from " (period.from) " to " (period.to) ". "
                        a href={ "/reports/indicators?program=" (prog.slug) } { "Indicators" } }
                    (table_wrap::scrolling(format!("{}: indicators against targets", prog.name), html! {
                        table class="targets" {
                            thead { tr {
                                th scope="col" { "Indicator" }
                                th scope="col" { "This year (%)" }
                                th scope="col" { "Counted" }
                                th scope="col" { "Target (%)" }
                                th scope="col" { "Result" }
                            } }
                            tbody { @for r in rows { (dashboard::views::indicator_row(r, &query)) } }
                        }
                    }))
                }
            }
        },
    )
}
