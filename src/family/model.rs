//! What the family page shows: only this child's signed-off, family-facing records.
use super::session::Family;
use crate::{
    entities::{activity_share, coaching_note, user, visit},
    i18n::Lang,
};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

pub struct SentNote {
    pub note: coaching_note::Model,
    pub visit_on: chrono::NaiveDate,
    pub provider: String,
}

pub struct Shared {
    pub share: activity_share::Model,
    pub title: String,
    pub summary: String,
}

pub struct FamilyPage {
    pub next_visit: Option<crate::notes::model::NextVisit>,
    pub notes: Vec<SentNote>,
    pub shared: Vec<Shared>,
    /// The signed plan's outcomes, each in the family's language where it was translated,
    /// else in English: (text, the language it is in).
    pub outcomes: Vec<(String, Lang)>,
    pub emails_on: bool,
    /// E-mail was stopped today from this page or with the coordinator: it can be undone here.
    pub undo_stop: bool,
}

pub async fn load(db: &impl ConnectionTrait, f: &Family) -> Result<FamilyPage, DbErr> {
    // Visit times are the program's wall-clock times, so "now" is too.
    let local = Utc::now().with_timezone(&f.tz);
    let now = local.naive_local();
    let next_visit = crate::notes::model::next_visit(db, f.child.id, now).await?;
    let notes = coaching_note::Entity::find()
        .filter(coaching_note::Column::ChildId.eq(f.child.id))
        .filter(coaching_note::Column::Status.eq(coaching_note::Status::Sent))
        .order_by_desc(coaching_note::Column::SentAt)
        .all(db)
        .await?;
    let visits: HashMap<i32, visit::Model> = visit::Entity::find()
        .filter(visit::Column::Id.is_in(notes.iter().map(|n| n.visit_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let providers: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(visits.values().map(|v| v.provider_id)))
        .into_partial_model::<user::Person>()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let notes = notes
        .into_iter()
        .filter_map(|n| {
            let v = visits.get(&n.visit_id)?;
            Some(SentNote {
                visit_on: v.starts_at.date(),
                provider: providers.get(&v.provider_id).cloned().unwrap_or_default(),
                note: n,
            })
        })
        .collect();
    let shared = shared(db, f.child.id, f.lang).await?;
    let outcomes = crate::ifsp::model::signed_outcomes(db, f.child.id)
        .await?
        .iter()
        .map(|o| {
            let (text, in_lang) = o.for_family(f.lang);
            (text.to_owned(), in_lang)
        })
        .collect();
    let today = local.date_naive();
    let (to, _) = crate::notes::model::recipients(db, &f.child, today).await?;
    let emails_on = to.iter().any(|g| g.id == f.caregiver.id);
    let undo_stop = !emails_on
        && !super::commands::stopped_today(db, f.child.id, &f.caregiver.name, today)
            .await?
            .is_empty();
    Ok(FamilyPage {
        next_visit,
        notes,
        shared,
        outcomes,
        emails_on,
        undo_stop,
    })
}

/// Each activity shared with the child once (the latest share), newest first.
async fn shared(
    db: &impl ConnectionTrait,
    child_id: i32,
    lang: Lang,
) -> Result<Vec<Shared>, DbErr> {
    let mut shares = activity_share::Entity::find()
        .filter(activity_share::Column::ChildId.eq(child_id))
        .order_by_desc(activity_share::Column::Id)
        .all(db)
        .await?;
    let published = crate::activities::model::published_among(
        db,
        shares.iter().map(|s| s.activity_id).collect(),
    )
    .await?;
    shares.retain(|s| published.contains(&s.activity_id));
    let texts =
        crate::activities::model::texts_of(db, shares.iter().map(|s| s.activity_id).collect())
            .await?;
    let mut seen = HashSet::new();
    Ok(shares
        .into_iter()
        .filter(|s| seen.insert(s.activity_id))
        .filter_map(|s| {
            let t = crate::activities::model::text_for(texts.get(&s.activity_id)?, lang)?;
            Some(Shared {
                title: t.title.clone(),
                summary: t.summary.clone(),
                share: s,
            })
        })
        .collect())
}

pub use crate::activities::voice::{Said, said};
