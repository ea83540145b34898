//! The evaluation's pages: recording one, correcting or withdrawing one entered by mistake,
//! the decision form's errors, and the card each evaluation gets on the child page (which
//! `pages::child` composes).
use super::{
    evaluations::{DecisionForm, EvaluationForm, domain_fields},
    form_views::child_header,
    views::decision_form,
};
use crate::{
    entities::{Choice, child, evaluation, evaluation_result::DevelopmentalDomain},
    views::{
        Page,
        form::{Errors, Input, checkbox, csrf_field, error_summary, textarea},
        layout,
    },
};
use maud::{Markup, html};

/// The evaluation's fields, as typed (a new evaluation and a correction share them).
fn evaluation_fields(f: &EvaluationForm, errors: &Errors) -> Markup {
    html! {
        div class="grid-3" {
            (Input::new("evaluated_on", "Evaluation date", f.get("evaluated_on")).kind("date").required().render(errors))
            (Input::new("tools", "Tools used", f.get("tools")).required().hint("For example BDI-3, HELP.").render(errors))
        }
        @for d in DevelopmentalDomain::all() {
            @let (dev, pct, sd) = domain_fields(d);
            fieldset class="group" {
                legend { (d.label()) }
                div class="grid-3" {
                    (Input::new(dev, "Developmental age (months)", f.get(dev)).kind("number").render(errors))
                    (Input::new(pct, "Percent delay", f.get(pct)).kind("number").hint("Left empty, it is computed from the ages.").render(errors))
                    (Input::new(sd, "Standard deviations", f.get(sd)).hint("Below the mean is negative, e.g. -1.5.").render(errors))
                }
            }
        }
        (Input::new("diagnosed_condition", "Diagnosed condition with a high probability of delay", f.get("diagnosed_condition")).render(errors))
        (checkbox("informed_clinical_opinion", "The team's informed clinical opinion supports eligibility", !f.get("informed_clinical_opinion").is_empty(), None))
        (textarea("notes", "Notes", f.get("notes"), None, errors, false))
    }
}

pub fn evaluation_form(p: &Page, c: &child::Model, f: &EvaluationForm, errors: &Errors) -> Markup {
    layout::page(
        p,
        "Record an evaluation",
        "/caseload",
        html! {
            (child_header(c))
            h1 { "Evaluation and assessment" }
            p class="lead" { "Enter what the evaluation found. Hearth applies your program's eligibility rule; the team then confirms the decision." }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/evaluations"} novalidate {
                (csrf_field(&p.csrf))
                (evaluation_fields(f, errors))
                button type="submit" class="primary" { "Save evaluation" }
            }
        },
    )
}

/// Correcting an evaluation: its fields prefilled, and why it is corrected.
pub fn correction_form(
    p: &Page,
    c: &child::Model,
    ev: &evaluation::Model,
    f: &EvaluationForm,
    errors: &Errors,
) -> Markup {
    layout::page(
        p,
        "Correct an evaluation",
        "/caseload",
        html! {
            (child_header(c))
            h1 { "Correct the evaluation of " (ev.evaluated_on) }
            p class="lead" { "The correction replaces this evaluation: the eligibility rule is applied to it again and the team confirms its decision. The evaluation as first entered stays on the record, marked as corrected, with your reason." }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/evaluations/" (ev.id) "/correct"} novalidate {
                (csrf_field(&p.csrf))
                (evaluation_fields(f, errors))
                (textarea("reason", "Why it is corrected", f.get("reason"), Some("For example: the communication result was typed into the cognitive row."), errors, true))
                button type="submit" class="primary" { "Save the correction" }
            }
        },
    )
}

/// Withdrawing an evaluation, with the reason it requires.
pub fn withdraw_form(
    p: &Page,
    c: &child::Model,
    ev: &evaluation::Model,
    reason: &str,
    errors: &Errors,
) -> Markup {
    layout::page(
        p,
        "Withdraw an evaluation",
        "/caseload",
        html! {
            (child_header(c))
            h1 { "Withdraw the evaluation of " (ev.evaluated_on) }
            p class="lead" { "A withdrawn evaluation stays on the record, struck through with your reason, and no longer counts for eligibility, the 45-day clock or the federal indicators." }
            (error_summary(errors))
            form method="post" action={"/children/" (c.id) "/evaluations/" (ev.id) "/withdraw"} novalidate {
                (csrf_field(&p.csrf))
                (textarea("reason", "Why it is withdrawn", reason, Some("For example: entered for the wrong child."), errors, true))
                button type="submit" class="danger" { "Withdraw the evaluation" }
            }
        },
    )
}

pub fn decision_errors(
    p: &Page,
    c: &child::Model,
    ev: &evaluation::Model,
    f: &DecisionForm,
    errors: &Errors,
) -> Markup {
    layout::page(
        p,
        "Confirm eligibility",
        "/caseload",
        html! {
            (child_header(c))
            h1 { "Confirm the eligibility decision" }
            (error_summary(errors))
            (decision_form(p, c.id, ev.id, None, f.decision != "not_eligible", &f.notice_sent_on, errors))
        },
    )
}

/// One evaluation on the child page. A withdrawn or corrected one is struck through with its
/// reason; one that counts offers the team's decision, a correction and withdrawal (not
/// while a signed plan rests on it: `basis`).
pub fn evaluation_card(
    p: &Page,
    c: &child::Model,
    ev: &evaluation::Model,
    can_edit: bool,
    basis: bool,
) -> Markup {
    let scope = format!("ev{}", ev.id);
    let closed_on = ev.closed_at.map(|t| t.date_naive().to_string());
    html! {
        div class=(if ev.counts() { "card" } else { "card evaluation-closed" }) id={"evaluation-" (ev.id)} {
            @if ev.counts() {
                h3 { "Evaluation of " (ev.evaluated_on) }
                p { "Tools: " (ev.tools) }
                p { strong { "Under the program's rule: " } @if ev.proposed_eligible { "eligible" } @else { "not eligible" } }
                ul { @for r in ev.reasons.lines() { li { (r) } } }
                @match ev.confirmed_eligible {
                    Some(e) => p { strong { "Team decision: " } (if e { "eligible" } else { "not eligible" }) @if let Some(n) = ev.notice_sent_on { " · prior written notice " (n) } },
                    None => @if can_edit { (decision_form(p, c.id, ev.id, Some(&scope), ev.proposed_eligible, "", &Errors::default())) },
                }
                @if can_edit {
                    @if basis {
                        p class="muted" { "A signed IFSP rests on this decision, so the evaluation can no longer be corrected or withdrawn." }
                    } @else {
                        p class="actions" {
                            a class="button" href={"/children/" (c.id) "/evaluations/" (ev.id) "/correct"} aria-label={"Correct the evaluation of " (ev.evaluated_on)} { "Correct" }
                            a class="button" href={"/children/" (c.id) "/evaluations/" (ev.id) "/withdraw"} aria-label={"Withdraw the evaluation of " (ev.evaluated_on)} { "Withdraw" }
                        }
                    }
                }
            } @else {
                h3 { s { "Evaluation of " (ev.evaluated_on) } " " span class="badge badge-closed" { (ev.status.label()) } }
                p { s { "Tools: " (ev.tools) " · under the program's rule: " (if ev.proposed_eligible { "eligible" } else { "not eligible" }) } }
                p class="closed-reason" {
                    strong { (ev.status.label()) @if let Some(d) = &closed_on { " on " (d) } ": " }
                    (ev.closed_reason)
                }
                @if let Some(n) = ev.superseded_by { p { a href={"#evaluation-" (n)} { "See the correction" } } }
                p class="muted" { "It no longer counts for eligibility, the 45-day clock or the federal indicators." }
            }
        }
    }
}
