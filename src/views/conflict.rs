//! The conflict view: what the loser of a race over one record sees above their form. Every
//! editable record (a child, a plan draft, a visit note, an agency, an activity) is saved
//! with a guarded `UPDATE … WHERE version = ?`; when that finds the row moved on, nothing is
//! written, the form comes back (409) with what this person typed, and this box shows what
//! is saved now beside it, so they can compare and save again on purpose.
use crate::views::table_wrap;
use maud::{Markup, html};

/// The sentence every conflict view carries, whatever the record: tests look for it.
pub const MEANWHILE: &str = "Someone saved this meanwhile, so nothing was overwritten.";

/// The box: `heading`, the sentence, and one row per part whose saved text differs from
/// what was typed (label, saved now, yours).
pub fn view<L, S, T>(heading: &str, parts: impl IntoIterator<Item = (L, S, T)>) -> Markup
where
    L: AsRef<str>,
    S: AsRef<str>,
    T: AsRef<str>,
{
    let differ: Vec<(L, S, T)> = parts
        .into_iter()
        .filter(|(_, saved, mine)| saved.as_ref() != mine.as_ref())
        .collect();
    html! {
        div class="dup" role="alert" id="conflict" {
            h2 { (heading) }
            p { (MEANWHILE) " What is saved now and what you typed are below; your text is still in the form. Adjust it if needed and save again to replace what is saved." }
            @if differ.is_empty() {
                p { "What you typed is the same as what is saved now." }
            } @else {
                (table_wrap::cards("What is saved now and what you typed", html! { table {
                    thead { tr { th scope="col" { "Part" } th scope="col" { "Saved now" } th scope="col" { "Yours" } } }
                    tbody {
                        @for (label, saved, mine) in &differ {
                            tr class="overdue" { th scope="row" { (label.as_ref()) } td class="prewrap" { (saved.as_ref()) } td class="prewrap" { (mine.as_ref()) } }
                        }
                    }
                } }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_parts_that_differ_are_listed_and_text_is_escaped() {
        let html = view(
            "Someone else saved this",
            [("Name", "Ann", "Ann"), ("E-mail", "a@x.example", "<b>")],
        )
        .into_string();
        assert!(html.contains(MEANWHILE));
        assert!(!html.contains("scope=\"row\">Name"));
        assert!(html.contains("scope=\"row\">E-mail</th>"));
        assert!(html.contains("&lt;b&gt;"));
        let same = view("h", [("Name", "Ann", "Ann")]).into_string();
        assert!(same.contains("the same as what is saved now"));
    }
}
