//! A monthly bar chart drawn on the server (no script), and the table of the same numbers
//! beside it: both are rendered from one [`Series`], so they cannot disagree. The SVG scales
//! with its box (viewBox, no fixed width), so it reads at 375 px; each bar has a tooltip and
//! the chart names its numbers in `<desc>` for a screen reader, which can also read the table.
use super::monthly::Series;
use crate::views::table_wrap;
use maud::{Markup, html};

const W: f64 = 360.0;
const H: f64 = 180.0;
const LEFT: f64 = 28.0;
const RIGHT: f64 = 4.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

/// The top of the scale: the largest number rounded up to 1, 2 or 5 times a power of ten.
fn scale_top(max: u64) -> u64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if max <= m * step {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// The chart and its table, side by side on a wide screen and one above the other on a
/// phone.
pub fn figure(s: &Series) -> Markup {
    html! {
        section class="chart-pair" id={ "trend-" (s.id) } aria-labelledby={ (s.id) "-h" } {
            h3 id={ (s.id) "-h" } { (s.title) ", last 12 months" }
            @if s.lines.len() > 1 {
                // Which colour is which line, in words (the table names them too).
                p class="legend" aria-hidden="true" {
                    @for (j, l) in s.lines.iter().enumerate() {
                        span class="key" { span class={ "swatch bar-" (j) } {} " " (l.name) }
                    }
                }
            }
            div class="chart-row" {
                (svg(s))
                (table(s))
            }
        }
    }
}

fn svg(s: &Series) -> Markup {
    let max = s
        .lines
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .max()
        .unwrap_or(0);
    let top = scale_top(max.max(1));
    let plot_h = H - TOP - BOTTOM;
    let group = (W - LEFT - RIGHT) / s.months.len().max(1) as f64;
    let bar = (group - 4.0) / s.lines.len().max(1) as f64;
    let y = |v: u64| TOP + plot_h - v as f64 / top as f64 * plot_h;
    let desc: Vec<String> = s
        .lines
        .iter()
        .map(|l| {
            let per: Vec<String> = s
                .months
                .iter()
                .zip(&l.values)
                .map(|(m, v)| format!("{} {v}", m.label()))
                .collect();
            format!("{}: {}", l.name, per.join(", "))
        })
        .collect();
    html! {
        svg class="trend-chart" viewBox={ "0 0 " (W) " " (H) } role="img"
            aria-labelledby={ (s.id) "-svg-title " (s.id) "-svg-desc" } data-series=(s.id) {
            title id={ (s.id) "-svg-title" } { (s.title) " per month" }
            desc id={ (s.id) "-svg-desc" } { (desc.join(". ")) "." }
            @for tick in [0, top / 2, top] {
                line class="grid" x1=(LEFT) x2={ (W - RIGHT) } y1=(fmt(y(tick))) y2=(fmt(y(tick))) {}
                text class="axis" x={ (LEFT - 3.0) } y={ (fmt(y(tick) + 3.0)) } text-anchor="end" { (tick) }
            }
            @for (i, m) in s.months.iter().enumerate() {
                @let x0 = LEFT + i as f64 * group + 2.0;
                @for (j, l) in s.lines.iter().enumerate() {
                    @let v = l.values[i];
                    rect class={ "bar bar-" (j) } data-month=(m.key()) data-line=(l.key) data-n=(v)
                        x=(fmt(x0 + j as f64 * bar)) y=(fmt(y(v))) width=(fmt(bar - 1.0)) height=(fmt(TOP + plot_h - y(v))) {
                        title { (m.label()) ": " (v) " " (l.name.to_lowercase()) }
                    }
                }
                text class="axis" x=(fmt(x0 + (group - 4.0) / 2.0)) y={ (H - 8.0) } text-anchor="middle" { (m.short()) }
            }
        }
    }
}

fn table(s: &Series) -> Markup {
    html! {
        (table_wrap::scrolling(format!("{}, per month", s.title), html! {
            table class="trend-table" data-series=(s.id) {
                caption class="visually-hidden" { (s.title) " per month" }
                thead { tr {
                    th scope="col" { "Month" }
                    @for l in &s.lines { th scope="col" { (l.name) } }
                } }
                tbody {
                    @for (i, m) in s.months.iter().enumerate() {
                        tr data-month=(m.key()) {
                            th scope="row" { (m.label()) }
                            @for l in &s.lines { td data-line=(l.key) { (l.values[i]) } }
                        }
                    }
                }
            }
        }))
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::super::monthly::{Line, Month, Series};
    use super::*;

    #[test]
    fn the_scale_rounds_up_to_a_round_number() {
        let tops: Vec<u64> = [1, 2, 3, 6, 10, 11, 49, 51, 120].map(scale_top).to_vec();
        assert_eq!(tops, [1, 2, 5, 10, 10, 20, 50, 100, 200]);
    }

    #[test]
    fn a_bar_per_month_and_line_and_the_table_has_the_same_numbers() {
        let months = Month::last_twelve("2026-12-02".parse().unwrap());
        let s = Series {
            id: "visits",
            title: "Visits",
            months,
            lines: vec![
                Line {
                    key: "planned",
                    name: "Planned",
                    values: (1..=12).collect(),
                },
                Line {
                    key: "delivered",
                    name: "Delivered",
                    values: vec![0; 12],
                },
            ],
        };
        let html = figure(&s).into_string();
        assert_eq!(html.matches("<rect").count(), 24);
        assert!(html.contains(r#"data-month="2026-12" data-line="planned" data-n="12""#));
        assert!(html.contains(r#"<td data-line="planned">12</td>"#));
        assert!(html.contains("Planned: Jan 2026 1, Feb 2026 2"));
        assert!(html.contains(r#"role="img""#));
    }
}
