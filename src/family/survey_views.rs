//! The survey's pages: the three statements with their scale, the comment, "no thanks", and
//! the calm page for a year already answered. Every word from the catalogue; errors beside
//! their field, with what was chosen and typed kept.
use super::{
    session::Family,
    survey::{COMMENT_MAX, SurveyForm, reopens},
    views::{csrf_input, shell},
};
use crate::{
    entities::{
        Choice,
        family_survey::{Agreement, Area, Status},
    },
    i18n::Lang,
    views::form::Errors,
};
use maud::{Markup, html};

/// Where the family stands with this year's survey, for their page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Open,
    Done(Status),
}

/// The family page's card: an invitation, or what the family did this year.
pub fn card(l: Lang, offer: Offer) -> Markup {
    html! {
        section aria-labelledby="survey-h" class="card" id="survey" {
            h2 id="survey-h" { (l.t("survey.title")) }
            @match offer {
                Offer::Open => {
                    p { (l.t("survey.offer")) }
                    p { a class="button" href={"/family/survey?lang=" (l.code())} { (l.t("survey.open")) } }
                }
                Offer::Done(Status::Answered) => p { (l.t("survey.done_card")) },
                Offer::Done(Status::Declined) => p class="muted" { (l.t("survey.declined_card")) },
            }
        }
    }
}

fn area_field(l: Lang, area: Area, chosen: &str, errors: &Errors) -> Markup {
    let name = area.as_str();
    let id = format!("f-{name}");
    let error = errors.get(name);
    html! {
        fieldset id=(id) class=(if error.is_some() { "field has-error" } else { "field" })
            aria-describedby=[error.map(|_| format!("{id}-error"))] {
            legend { (l.t(&format!("survey.area.{name}"))) }
            @if let Some(e) = error {
                p class="error" id={(id) "-error"} { span class="visually-hidden" { (l.t("survey.error")) " " } (e) }
            }
            @for a in Agreement::all() {
                @let v = a.as_str();
                div class="radio" {
                    input type="radio" id={(id) "-" (v)} name=(name) value=(v) checked[v == chosen];
                    label for={(id) "-" (v)} { (l.t(&format!("survey.scale.{v}"))) }
                }
            }
        }
    }
}

/// The survey form, with `errors` beside their fields and what was chosen kept.
pub fn page(f: &Family, form: &SurveyForm, errors: &Errors, csrf_token: &str) -> Markup {
    let l = f.lang;
    let comment_error = errors.get("comment");
    let max = COMMENT_MAX.to_string();
    shell(
        l,
        &l.t("survey.title"),
        Some(format!("/family/survey?lang={}", l.other().code())),
        html! {
            h1 { (l.t("survey.title")) }
            p { (l.t("survey.intro")) }
            p { (l.t("survey.private")) }
            @if !errors.is_empty() {
                div class="error-summary" role="alert" tabindex="-1" {
                    h2 { (l.t("survey.problem")) }
                    ul { @for (field, msg) in errors.iter() { li { a href={"#f-" (field)} { (msg) } } } }
                }
            }
            form method="post" action={"/family/survey?lang=" (l.code())} {
                (csrf_input(csrf_token))
                @for area in Area::all() {
                    (area_field(l, area, form.value(area), errors))
                }
                div class=(if comment_error.is_some() { "field has-error" } else { "field" }) {
                    label for="f-comment" { (l.t("survey.comment")) }
                    p class="hint" id="f-comment-hint" { (l.tr("survey.comment_hint", &[("max", &max)])) }
                    @if let Some(e) = comment_error {
                        p class="error" id="f-comment-error" { span class="visually-hidden" { (l.t("survey.error")) " " } (e) }
                    }
                    textarea id="f-comment" name="comment" rows="4"
                        aria-invalid=[comment_error.map(|_| "true")]
                        aria-describedby={"f-comment-hint" @if comment_error.is_some() { " f-comment-error" }} { (form.comment) }
                }
                button type="submit" class="primary" { (l.t("survey.submit")) }
            }
            form method="post" action={"/family/survey/decline?lang=" (l.code())} {
                (csrf_input(csrf_token))
                p { (l.t("survey.decline_text")) }
                button type="submit" { (l.t("survey.decline")) }
            }
            p { a href={"/family?lang=" (l.code())} { (l.t("survey.back")) } }
        },
    )
}

/// This year is already answered (or declined): nothing was changed.
pub fn already(l: Lang, year: i32) -> Markup {
    shell(
        l,
        &l.t("survey.already_title"),
        None,
        html! {
            h1 { (l.t("survey.already_title")) }
            p role="status" { (l.tr("survey.already", &[("date", &l.date(reopens(year)))])) }
            p { a href={"/family?lang=" (l.code())} { (l.t("survey.back")) } }
        },
    )
}
