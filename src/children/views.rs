//! The children domain's views: the status badge and the team's decision form (both also on
//! the child page, which `pages::child` composes), and the record forms (`form_views`).
use crate::{
    entities::{Choice, child::Status},
    views::{
        Page,
        form::{Errors, Input, csrf_field},
    },
};
use maud::{Markup, html};

pub use super::evaluation_views::*;
pub use super::form_views::*;

pub fn status_badge(s: Status) -> Markup {
    let class = match s {
        Status::Active => "badge badge-ok",
        Status::Referred | Status::Evaluating => "badge badge-due",
        Status::NotEligible | Status::Exited => "badge badge-closed",
    };
    html! { span class=(class) { (s.label()) } }
}

/// The team's decision on an evaluation, with the prior written notice date. On the child
/// page, where every undecided evaluation has one, `scope` keeps each form's ids its own (a
/// label must not check another evaluation's radio).
pub fn decision_form(
    p: &Page,
    child_id: i32,
    eval_id: i32,
    scope: Option<&str>,
    proposed: bool,
    notice: &str,
    errors: &Errors,
) -> Markup {
    let selected = if proposed { "eligible" } else { "not_eligible" };
    html! {
        form method="post" action={"/children/" (child_id) "/evaluations/" (eval_id) "/decision"} novalidate {
            (csrf_field(&p.csrf))
            (crate::views::form::radios_in(scope, "decision", "The team's decision", &[("eligible", "Eligible for Part C"), ("not_eligible", "Not eligible")], selected, errors))
            (Input::new("notice_sent_on", "Prior written notice given on", notice).kind("date").required().scope(scope).hint("The notice of the decision, in the parent's language.").render(errors))
            button type="submit" class="primary" { "Confirm decision" }
        }
    }
}
