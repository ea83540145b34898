//! The note's material gathered from the visit, and the e-mail built from it for each
//! recipient (or for the preview).
use super::{email::NoteMail, link, model};
use crate::{
    entities::{caregiver, child, coaching_note, outbox, visit},
    i18n::Lang,
    mail::outbox::{self as mail_outbox, NewMail},
    state::AppState,
};
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, DbErr};

/// What every rendering of the note needs from the visit.
pub struct Compose {
    pub child: child::Model,
    pub visit: visit::Model,
    pub note: Option<coaching_note::Model>,
    pub to: Vec<caregiver::Model>,
    pub skipped: Vec<model::Skipped>,
    pub next_visit: Option<model::NextVisit>,
    pub provider: String,
    pub program: String,
    /// Who a reply reaches, as (name, mailbox), where the program allows replies.
    pub reply_to: Option<(String, String)>,
    /// Activities shared at the visit as (title, summary), in English and in Spanish.
    pub activities: [Vec<(String, String)>; 2],
}

impl Compose {
    pub async fn load(
        db: &impl ConnectionTrait,
        c: child::Model,
        v: visit::Model,
        now: NaiveDateTime,
    ) -> Result<Compose, DbErr> {
        let today = now.date();
        let note = model::delivery(db, v.id).await?.map(|d| d.note);
        let (to, skipped) = model::recipients(db, &c, today).await?;
        let next_visit = model::next_visit(db, c.id, now).await?;
        let (provider, program) = model::names(db, &v).await?;
        let reply_to = model::reply_to(db, &c, &v).await?;
        let activities = [
            activity_lines(db, v.id, Lang::En).await?,
            activity_lines(db, v.id, Lang::Es).await?,
        ];
        Ok(Compose {
            child: c,
            visit: v,
            note,
            to,
            skipped,
            next_visit,
            provider,
            program,
            reply_to,
            activities,
        })
    }

    /// The form as it starts: the saved draft, or the text composed from the visit.
    pub fn form(&self) -> super::handlers::ComposeForm {
        match &self.note {
            Some(n) => super::handlers::ComposeForm {
                language: n.language.to_string(),
                body: n.body.clone(),
                version: n.version.to_string(),
                action: String::new(),
            },
            None => {
                let lang = model::language(&self.to);
                super::handlers::ComposeForm {
                    language: lang.to_string(),
                    body: model::prefill(lang, &self.visit),
                    version: String::new(),
                    action: String::new(),
                }
            }
        }
    }

    /// Renders the e-mail for one recipient (or, with `None`, for the preview).
    pub fn mail<'a>(
        &'a self,
        lang: Lang,
        body: &'a str,
        to: Option<&'a caregiver::Model>,
        links: Links<'a>,
    ) -> NoteMail<'a> {
        NoteMail {
            lang,
            caregiver: to
                .or(self.to.first())
                .map(|g| g.name.as_str())
                .unwrap_or(""),
            child_first: &self.child.first_name,
            visit_on: self.visit.starts_at.date(),
            body,
            activities: &self.activities[usize::from(lang == Lang::Es)],
            next_visit: self.next_visit.as_ref(),
            provider: &self.provider,
            program: &self.program,
            replies_reach: self.reply_to.as_ref().map(|(name, _)| name.as_str()),
            link: links.url,
            prefs: links.prefs,
            link_days: links.days,
        }
    }
}

/// The family's personal link, its preferences variant, and how long it works.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    pub url: &'a str,
    pub prefs: &'a str,
    pub days: i64,
}

async fn activity_lines(
    db: &impl ConnectionTrait,
    visit_id: i32,
    lang: Lang,
) -> Result<Vec<(String, String)>, DbErr> {
    Ok(model::activities(db, visit_id, lang)
        .await?
        .into_iter()
        .map(|(_, t, s)| (t, s))
        .collect())
}

/// A new link and outbox row for one recipient, rendered in full.
pub async fn queue_for(
    state: &AppState,
    txn: &impl ConnectionTrait,
    ctx: &Compose,
    note: &coaching_note::Model,
    g: &caregiver::Model,
    lang: Lang,
    by: i32,
) -> Result<outbox::Model, DbErr> {
    let days = state.config.mail.family_link_days;
    let token = link::issue(txn, &state.keys, &ctx.child, g, Some(note.id), days).await?;
    let base = state.config.base_url.as_str().trim_end_matches('/');
    let url = format!("{base}/family/open/{token}");
    let prefs = format!("{url}?then=preferences");
    let mail = ctx.mail(
        lang,
        &note.body,
        Some(g),
        Links {
            url: &url,
            prefs: &prefs,
            days,
        },
    );
    let host = state
        .config
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_owned();
    mail_outbox::enqueue(
        txn,
        &state.config.mail,
        &host,
        NewMail {
            program_id: ctx.child.program_id,
            child_id: Some(ctx.child.id),
            note_id: Some(note.id),
            caregiver_id: Some(g.id),
            kind: crate::entities::outbox::Kind::CoachingNote,
            to_address: g.email.clone().unwrap_or_default(),
            to_name: g.name.clone(),
            language: lang,
            subject: mail.subject(),
            text_body: mail.text(),
            html_body: mail.html(),
            reply_to: ctx
                .reply_to
                .as_ref()
                .map(|(_, mailbox)| mailbox.clone())
                .unwrap_or_default(),
            created_by: by,
        },
    )
    .await
}
