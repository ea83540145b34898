//! Long lists a page at a time (`?page=N`, 1-based, 50 rows): the federal indicators'
//! drill-downs list every child of a figure, which at a state program is tens of thousands of
//! rows, megabytes of HTML. The figures stay computed over every row and the CSV stays
//! whole; only the HTML list is cut. One helper, so every list pages the same way.
//!
//! A page number that is not a whole number (or is 0) reads as page 1, one past the last as
//! the last page: a link that was right yesterday, before the list shrank, still answers
//! with rows and never with an error.
use maud::{Markup, html};
use std::ops::Range;

/// Rows on one page.
pub const PER_PAGE: usize = 50;

/// `?page=` as typed: kept as text, so `?page=abc` cannot fail the request's extraction.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct Ask {
    #[serde(default)]
    pub page: String,
}

impl Ask {
    /// The page asked for: a whole number from 1, anything else 1.
    pub fn number(&self) -> usize {
        self.page
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .unwrap_or(1)
    }
}

/// One page of a list of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pager {
    /// The page shown, from 1 (1 for an empty list).
    pub page: usize,
    /// The number of pages, at least 1.
    pub pages: usize,
    /// Rows in the whole list.
    pub total: usize,
}

impl Pager {
    /// The page asked for of a list of `total` rows, brought back to the last page.
    pub fn new(ask: &Ask, total: usize) -> Pager {
        let pages = total.div_ceil(PER_PAGE).max(1);
        Pager {
            page: ask.number().min(pages),
            pages,
            total,
        }
    }

    /// The rows of this page, as indexes into the whole list.
    pub fn range(&self) -> Range<usize> {
        let start = (self.page - 1) * PER_PAGE;
        start.min(self.total)..(start + PER_PAGE).min(self.total)
    }

    /// This page's rows of the whole list.
    pub fn slice<'a, T>(&self, rows: &'a [T]) -> &'a [T] {
        &rows[self.range()]
    }

    /// "Rows 51–100 of 1,234", above the list; nothing for a list of one page.
    pub fn summary(&self) -> Markup {
        let r = self.range();
        html! {
            @if self.pages > 1 {
                p class="pager-rows" { "Rows " (grouped(r.start + 1)) "–" (grouped(r.end)) " of " (grouped(self.total)) }
            }
        }
    }

    /// The links to the other pages, below the list at `href` (a path and its query, which
    /// the links keep: `…?from=…&to=…`); nothing for a list of one page.
    pub fn nav(&self, href: &str) -> Markup {
        let sep = if href.contains('?') { '&' } else { '?' };
        let link = |n: usize| format!("{href}{sep}page={n}");
        html! {
            @if self.pages > 1 {
                nav class="pager" aria-label="Pages of the list" {
                    @if self.page > 1 { a rel="prev" href=(link(self.page - 1)) { "← Previous" } }
                    ol class="pager-pages" {
                        @for n in self.shown() {
                            li {
                                @match n {
                                    Some(n) => a href=(link(n)) aria-current=[(n == self.page).then_some("page")] aria-label={ "Page " (n) } { (grouped(n)) },
                                    None => span aria-hidden="true" { "…" },
                                }
                            }
                        }
                    }
                    @if self.page < self.pages { a rel="next" href=(link(self.page + 1)) { "Next →" } }
                }
            }
        }
    }

    /// The page numbers to offer: the first, the last, and two either side of this one;
    /// `None` for a gap of more than one page. A thousand pages stay a short row on a phone.
    fn shown(&self) -> Vec<Option<usize>> {
        let near = self.page.saturating_sub(2).max(1)..=(self.page + 2).min(self.pages);
        let mut nums: Vec<usize> = std::iter::once(1)
            .chain(near)
            .chain(std::iter::once(self.pages))
            .collect();
        nums.dedup();
        let mut out = Vec::new();
        let mut prev = 0;
        for n in nums {
            match n - prev {
                1 => {}
                2 => out.push(Some(prev + 1)),
                _ => out.push(None),
            }
            out.push(Some(n));
            prev = n;
        }
        out
    }
}

/// A list shown in groups (a heading each), as one list to cut into pages: the rows of
/// `groups[0]` first, then those of `groups[1]`, …, each group in the order it had; rows of
/// no group are left out.
pub fn in_groups<'a, T, K: PartialEq>(
    rows: &'a [T],
    groups: &[K],
    key: impl Fn(&T) -> K,
) -> Vec<&'a T> {
    groups
        .iter()
        .flat_map(|g| rows.iter().filter(|r| key(r) == *g))
        .collect()
}

/// A count with thousands separated by commas: 1234567 → "1,234,567".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(s: &str) -> Ask {
        Ask { page: s.into() }
    }

    #[test]
    fn bad_page_numbers_read_as_the_first_and_too_big_as_the_last() {
        for s in ["", "abc", "0", "-3", "1.5", "99999999999999999999999"] {
            assert_eq!(ask(s).number(), 1, "{s:?}");
        }
        assert_eq!(ask(" 3 ").number(), 3);
        assert_eq!(Pager::new(&ask("9"), 120).page, 3);
        assert_eq!(Pager::new(&ask("2"), 0).page, 1);
    }

    #[test]
    fn a_page_is_fifty_rows_and_the_last_the_rest() {
        let p = Pager::new(&ask("1"), 120);
        assert_eq!((p.pages, p.range()), (3, 0..50));
        assert_eq!(Pager::new(&ask("3"), 120).range(), 100..120);
        assert_eq!(Pager::new(&ask("1"), 0).range(), 0..0);
        assert_eq!(Pager::new(&ask("2"), 100).range(), 50..100);
        let rows: Vec<usize> = (0..120).collect();
        assert_eq!(Pager::new(&ask("3"), 120).slice(&rows), &rows[100..]);
    }

    #[test]
    fn the_numbers_offered_are_the_ends_and_the_neighbours() {
        let shown = |page: &str, total| Pager::new(&ask(page), total).shown();
        assert_eq!(shown("1", 150), [Some(1), Some(2), Some(3)]);
        assert_eq!(
            shown("6", 1000),
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(20)
            ]
        );
        assert_eq!(
            shown("20", 1000),
            [Some(1), None, Some(18), Some(19), Some(20)]
        );
        assert_eq!(
            shown("3", 500),
            [Some(1), Some(2), Some(3), Some(4), Some(5), None, Some(10)]
        );
    }

    #[test]
    fn groups_come_one_after_the_other_in_their_own_order() {
        let rows = [(1, 'b'), (2, 'a'), (3, 'b'), (4, 'c'), (5, 'a')];
        let got: Vec<i32> = in_groups(&rows, &['a', 'b'], |r| r.1)
            .iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(got, [2, 5, 1, 3]);
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1234), "1,234");
        assert_eq!(grouped(50_000), "50,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn the_links_keep_the_query_and_mark_the_page_shown() {
        let html = Pager::new(&ask("2"), 120)
            .nav("/r/c7?from=2020-07-01&to=2021-06-30")
            .into_string();
        assert!(
            html.contains(
                r#"rel="prev" href="/r/c7?from=2020-07-01&amp;to=2021-06-30&amp;page=1""#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"rel="next" href="/r/c7?from=2020-07-01&amp;to=2021-06-30&amp;page=3""#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"aria-current="page" aria-label="Page 2""#),
            "{html}"
        );
        let rows = Pager::new(&ask("2"), 1234).summary().into_string();
        assert!(rows.contains("Rows 51–100 of 1,234"), "{rows}");
        assert_eq!(Pager::new(&ask("1"), 50).nav("/r").into_string(), "");
        assert_eq!(Pager::new(&ask("1"), 50).summary().into_string(), "");
    }
}
