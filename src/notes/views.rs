//! The compose page (form, who receives it, preview in HTML and text) and the visit page's
//! "coaching note for the family" section with each delivery's status.
use super::{
    compose::{Compose, Links},
    handlers::ComposeForm,
    model::Delivery,
};
use crate::views::when;
use crate::{
    entities::{Choice, coaching_note, outbox, visit},
    i18n::Lang,
    mail::views::status_badge,
    views::{
        Page,
        form::{Errors, csrf_field, error_summary, select, textarea},
        layout,
    },
};
use maud::{Markup, html};

pub fn compose(
    p: &Page,
    ctx: &Compose,
    form: &ComposeForm,
    errors: &Errors,
    link_days: i64,
) -> Markup {
    let v = &ctx.visit;
    let lang = Lang::from_code(&form.language);
    let preview = ctx.mail(
        lang,
        &form.body,
        None,
        Links {
            url: "(personal link)",
            prefs: "(preferences link)",
            days: link_days,
        },
    );
    layout::page(
        p,
        "Coaching note for the family",
        "/visits",
        html! {
            p class="breadcrumb" { a href={"/visits/" (v.id)} { "Visit, " (v.starts_at.format("%a %-d %b %Y")) } " · " (ctx.child.full_name()) }
            h1 { "Coaching note for the family" }
            (error_summary(errors))
            section aria-labelledby="to-h" {
                h2 id="to-h" { "Who receives it" }
                @if ctx.to.is_empty() {
                    p class="error" { "No one yet: a caregiver needs an e-mail address and their own e-mail consent on the child's record." }
                }
                ul {
                    @for g in &ctx.to { li { (g.name) " <" (g.email.clone().unwrap_or_default()) "> — " (g.language.t("lang.name")) } }
                    @for s in &ctx.skipped { li class="muted" { (s.name) ": not sent (" (s.reason) ")" } }
                }
                p { a href={"/children/" (ctx.child.id) "/consents/new"} { "Record a consent" } " · " a href={"/children/" (ctx.child.id)} { "Child record" } }
            }
            form method="post" action={"/visits/" (v.id) "/family-note"} {
                (csrf_field(&p.csrf))
                input type="hidden" name="version" value=(form.version);
                (select("language", "Language of the note", &Lang::options(), &form.language, errors, true))
                (textarea("body", "The note", &form.body, Some("Written for the family, in their language. The activities from the visit, the next visit and their personal link are added below it."), errors, true))
                div class="actions" {
                    button type="submit" name="action" value="preview" { "Save draft and preview" } " "
                    button type="submit" name="action" value="send" class="primary" { "Send to the family" }
                }
            }
            section aria-labelledby="preview-h" id="preview" {
                h2 id="preview-h" { "Preview of the saved draft" }
                @if ctx.note.is_none() { p class="hint" { "Showing the note composed from the visit; save a draft to preview your edits." } }
                p class="hint" { "Subject: " strong { (preview.subject()) } }
                iframe class="mail-preview" title="The e-mail as the family will see it" src={"/visits/" (v.id) "/family-note/preview"} {}
                details {
                    summary { "Plain-text version" }
                    pre class="mail-text" { (preview.text()) }
                }
            }
        },
    )
}

/// On the visit page, for a signed visit.
pub fn visit_section(
    p: &Page,
    v: &visit::Model,
    d: Option<&Delivery>,
    mine: bool,
    can_manage: bool,
) -> Markup {
    html! {
        section aria-labelledby="fn-h" id="family-note" {
            h2 id="fn-h" { "Coaching note for the family" }
            @match d {
                None => {
                    p class="muted" { "Not written yet." }
                    @if mine { p { a class="button" href={"/visits/" (v.id) "/family-note"} { "Write the coaching note" } } }
                }
                Some(d) if d.note.status == coaching_note::Status::Draft => {
                    p { "Draft saved " (when::moment(d.note.updated_at, p.user.timezone)) ", not sent." }
                    @if mine { p { a class="button" href={"/visits/" (v.id) "/family-note"} { "Continue the note" } } }
                }
                Some(d) => {
                    p { "Sent " @if let Some(at) = d.note.sent_at { (when::moment(at, p.user.timezone)) } ", in " (d.note.language.t("lang.name")) "." }
                    ul class="deliveries" {
                        @for r in &d.rows {
                            li id={"delivery-" (r.id)} class="card" {
                                p { strong { (r.to_name) } " " (status_badge(r.status)) br; span class="muted" { (r.to_address) } }
                                p class="muted" {
                                    (r.attempts) " attempt" @if r.attempts != 1 { "s" } ". "
                                    @if let Some(at) = r.sent_at { "Delivered to the mail server " (when::moment(at, p.user.timezone)) "." }
                                    @else if !r.last_error.is_empty() { "Last error: " (r.last_error) }
                                }
                                @if can_manage && matches!(r.status, outbox::Status::Failed | outbox::Status::Sent) {
                                    form method="post" action={"/visits/" (v.id) "/family-note/deliveries/" (r.id)} {
                                        (csrf_field(&p.csrf))
                                        button type="submit" { @if r.status == outbox::Status::Failed { "Retry" } @else { "Send again" } }
                                    }
                                }
                            }
                        }
                    }
                    details {
                        summary { "The note as sent" }
                        p class="prewrap" { (d.note.body) }
                    }
                    @if can_manage {
                        form method="post" action={"/visits/" (v.id) "/family-note/revoke-links"} class="inline" {
                            (csrf_field(&p.csrf))
                            button type="submit" class="link" { "End this family's links (wrong address, lost phone)" }
                        }
                    }
                }
            }
        }
    }
}
