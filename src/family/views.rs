//! Family pages: plain, large, phone-first, entirely in the family's language (every string
//! from the catalogue).
use super::{
    model::{FamilyPage, Said},
    session::Family,
};
use crate::{assets, auth::csrf, i18n::Lang};
use maud::{DOCTYPE, Markup, html};

pub(super) fn shell(l: Lang, title: &str, other_lang_href: Option<String>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                link rel="stylesheet" href=(assets::url("css/app.css"));
            }
            body class="family" {
                a class="skip-link" href="#main" { (l.t("family.skip")) }
                header class="site-header" {
                    div class="brand" { "Hearth" }
                    @if let Some(href) = other_lang_href {
                        a href=(href) lang=(l.other().code()) { (l.t("family.other_language")) }
                    }
                }
                main id="main" tabindex="-1" { (body) }
            }
        }
    }
}

pub(super) fn csrf_input(token: &str) -> Markup {
    html! { input type="hidden" name=(csrf::FIELD) value=(token); }
}

/// What a GET of the e-mailed link shows: a button, nothing about the child.
pub fn confirm(l: Lang, csrf_token: &str, token: &str, then: &str) -> Markup {
    shell(
        l,
        &l.t("family.open_title"),
        Some(format!("?lang={}", l.other().code())),
        html! {
            h1 { (l.t("family.open_title")) }
            p { (l.t("family.open_text")) }
            form method="post" action={"/family/open/" (token)} {
                (csrf_input(csrf_token))
                input type="hidden" name="then" value=(then);
                button type="submit" class="primary" { (l.t("family.open_button")) }
            }
            p class="hint" { (l.t("family.open_private")) }
        },
    )
}

/// Expired, revoked, tampered, someone else's, or no session: one page for all.
pub fn link_ended(l: Lang) -> Markup {
    shell(
        l,
        &l.t("family.link_ended_title"),
        None,
        html! {
            h1 { (l.t("family.link_ended_title")) }
            p { (l.t("family.link_ended")) }
            @if l == Lang::En { p lang="es" { (Lang::Es.t("family.link_ended")) } }
        },
    )
}

pub fn not_found(l: Lang) -> Markup {
    shell(
        l,
        &l.t("family.title"),
        None,
        html! {
            h1 { (l.t("family.no_activities")) }
            p { a href="/family" { (l.t("family.title")) } }
        },
    )
}

pub fn left(l: Lang) -> Markup {
    shell(
        l,
        &l.t("family.title"),
        None,
        html! {
            h1 { (l.t("family.sign_out")) }
            p role="status" { (l.t("family.signed_out")) }
        },
    )
}

/// "Stop e-mailing me", asked once: what stops, what keeps working, and the way back.
pub fn stop_confirm(f: &Family, csrf_token: &str) -> Markup {
    let l = f.lang;
    let email = f.caregiver.email.as_deref().unwrap_or("");
    shell(
        l,
        &l.t("family.prefs_stop_title"),
        None,
        html! {
            h1 { (l.t("family.prefs_stop_title")) }
            p { (l.tr("family.prefs_stop_text", &[("email", email)])) }
            form method="post" action={"/family/email/stop?lang=" (l.code())} {
                (csrf_input(csrf_token))
                button type="submit" class="primary" { (l.t("family.prefs_stop_confirm")) }
            }
            p { a href={"/family?lang=" (l.code()) "#preferences"} { (l.t("family.prefs_keep")) } }
        },
    )
}

fn paragraphs(text: &str) -> Markup {
    html! {
        @for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            p { @for (i, line) in para.lines().enumerate() { @if i > 0 { br; } (line) } }
        }
    }
}

/// A refused "we tried it": which share's form, what was typed, and why (in the reader's
/// language).
#[derive(Debug, Clone, Copy)]
pub struct Typed<'a> {
    pub share: i32,
    pub comment: &'a str,
    pub message: &'a str,
}

pub fn home(
    f: &Family,
    d: &FamilyPage,
    survey: super::survey_views::Offer,
    csrf_token: &str,
    saved: &str,
    typed: Option<Typed<'_>>,
) -> Markup {
    let l = f.lang;
    let other = format!("/family?lang={}", l.other().code());
    shell(
        l,
        &l.t("family.title"),
        Some(other),
        html! {
            h1 { (l.t("family.title")) }
            p class="lead" { (l.tr("family.for_child", &[("child", &f.child.first_name)])) }
            @if saved == "tried" { div class="flash flash-success" role="status" { (l.t("family.tried_saved")) } }
            @if saved == "stopped" { div class="flash flash-success" role="status" { (l.t("family.prefs_stopped")) } }
            @if saved == "resumed" { div class="flash flash-success" role="status" { (l.t("family.prefs_resumed")) } }
            @if saved == "survey" { div class="flash flash-success" role="status" { (l.t("survey.thanks")) } }
            @if saved == "survey_declined" { div class="flash flash-success" role="status" { (l.t("survey.declined")) } }
            section aria-labelledby="next-h" class="card" {
                h2 id="next-h" { (l.t("family.next_visit")) }
                @match &d.next_visit {
                    Some(next) => {
                        p class="lead" { (next.describe(l)) }
                        @if let Some(link) = &next.link {
                            p { (l.t("family.video_visit")) " " a class="button" href=(link) rel="noopener noreferrer" { (l.t("family.join_video")) } }
                        }
                    },
                    None => p { (l.t("family.no_next_visit")) },
                }
            }
            section aria-labelledby="notes-h" {
                h2 id="notes-h" { (l.t("family.notes")) }
                @if d.notes.is_empty() { p class="muted" { (l.t("family.no_notes")) } }
                @for n in &d.notes {
                    article class="card" lang=(n.note.language) {
                        h3 { (l.tr("family.note_from", &[("date", &l.date(n.visit_on)), ("provider", &n.provider)])) }
                        (paragraphs(&n.note.body))
                    }
                }
            }
            section aria-labelledby="acts-h" {
                h2 id="acts-h" { (l.t("family.activities")) }
                @if d.shared.is_empty() { p class="muted" { (l.t("family.no_activities")) } }
                @for s in &d.shared {
                    article class="card" id={"share-" (s.share.id)} {
                        h3 { (s.title) }
                        p { (s.summary) }
                        p { a href={"/family/activities/" (s.share.activity_id) "?lang=" (l.code())} { (l.t("family.handout")) } }
                        @for line in super::model::said(&s.share.family_feedback) {
                            @match line {
                                Said::Tried { on, words } => p class="muted" {
                                    (l.tr("family.tried_on", &[("date", &l.date(on))]))
                                    @if !words.is_empty() { ": " (words) }
                                },
                                Said::Words(words) => p class="muted" { (l.t("family.you_said")) ": " (words) },
                            }
                        }
                        @let refused = typed.filter(|t| t.share == s.share.id);
                        @let cid = format!("c-{}", s.share.id);
                        form method="post" action={"/family/shares/" (s.share.id) "/tried?lang=" (l.code())} {
                            (csrf_input(csrf_token))
                            div class=(if refused.is_some() { "field has-error" } else { "field" }) {
                                label for=(cid) { (l.t("family.tried_comment")) }
                                @if let Some(t) = refused {
                                    p class="error" id={(cid) "-error"} role="alert" { (t.message) }
                                }
                                textarea id=(cid) name="comment" rows="2" maxlength=(super::handlers::TRIED_MAX)
                                    aria-invalid=[refused.map(|_| "true")]
                                    aria-describedby=[refused.map(|_| format!("{cid}-error"))] {
                                    @if let Some(t) = refused { (t.comment) }
                                }
                            }
                            button type="submit" { (l.t("family.tried")) }
                        }
                    }
                }
            }
            section aria-labelledby="goals-h" {
                h2 id="goals-h" { (l.t("family.outcomes")) }
                @if d.outcomes.is_empty() { p class="muted" { (l.t("family.no_outcomes")) } }
                ul {
                    @for (text, in_lang) in &d.outcomes {
                        @if *in_lang == l {
                            li { (text) }
                        } @else {
                            // Not translated: the English, marked for screen readers and eyes.
                            li { span lang=(in_lang.code()) { (text) } " " span class="muted" { (l.t("family.in_english")) } }
                        }
                    }
                }
            }
            (super::survey_views::card(l, survey))
            section aria-labelledby="preferences" id="preferences-section" {
                h2 id="preferences" { (l.t("family.prefs")) }
                @if d.emails_on {
                    p { (l.tr("family.prefs_on", &[("email", f.caregiver.email.as_deref().unwrap_or(""))])) }
                    p { a href={"/family/email/stop?lang=" (l.code())} { (l.t("family.prefs_stop")) } }
                } @else if d.undo_stop {
                    p { (l.t("family.prefs_off_today")) }
                    form method="post" action={"/family/email/resume?lang=" (l.code())} {
                        (csrf_input(csrf_token))
                        button type="submit" { (l.t("family.prefs_resume")) }
                    }
                } @else {
                    p { (l.t("family.prefs_off")) }
                }
            }
            form method="post" action={"/family/leave?lang=" (l.code())} {
                (csrf_input(csrf_token))
                button type="submit" class="link" { (l.t("family.sign_out")) }
            }
        },
    )
}
