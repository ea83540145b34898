//! What a coaching note is made of: who may receive it, what the visit gives it, and its
//! delivery so far.
use crate::{
    entities::{
        activity_share, caregiver, child, coaching_note, consent, outbox, program, user, visit,
    },
    i18n::Lang,
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// A caregiver who will not receive the note, and why (shown on the compose page so the
/// provider knows what to fix).
pub struct Skipped {
    pub name: String,
    pub reason: &'static str,
}

/// Whether a consent was decided by the caregiver of this name: consents name the parent who
/// decided, and e-mail consent is each caregiver's own.
pub fn decided_by(k: &consent::Model, name: &str) -> bool {
    k.decided_by.trim().eq_ignore_ascii_case(name.trim())
}

/// E-mail consent is per caregiver: a consent of kind `email`, given, in force today and
/// decided by that caregiver (by name). A caregiver needs that and an address.
pub async fn recipients(
    db: &impl ConnectionTrait,
    c: &child::Model,
    today: NaiveDate,
) -> Result<(Vec<caregiver::Model>, Vec<Skipped>), DbErr> {
    let caregivers = caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(c.family_id))
        .order_by_desc(caregiver::Column::IsPrimary)
        .order_by_asc(caregiver::Column::Id)
        .all(db)
        .await?;
    let consents = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(c.id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .all(db)
        .await?;
    let consented = |name: &str| {
        consents.iter().any(|k| {
            k.given
                && k.revoked_on.is_none_or(|r| r > today)
                && k.expires_on.is_none_or(|x| x > today)
                && k.decided_on <= today
                && decided_by(k, name)
        })
    };
    let (mut to, mut skipped) = (Vec::new(), Vec::new());
    for g in caregivers {
        let reason = match (&g.email, consented(&g.name)) {
            (None, _) => Some("no e-mail address on file"),
            (Some(_), false) => Some("no e-mail consent from this caregiver"),
            (Some(_), true) => None,
        };
        match reason {
            None => to.push(g),
            Some(reason) => skipped.push(Skipped {
                name: g.name,
                reason,
            }),
        }
    }
    Ok((to, skipped))
}

/// The note's language: the first recipient's, else the primary caregiver's.
pub fn language(to: &[caregiver::Model]) -> Lang {
    to.first().map(|g| g.language).unwrap_or(Lang::En)
}

/// The text the provider starts from: what was practised and the joint plan, under headings
/// in the family's language.
pub fn prefill(lang: Lang, v: &visit::Model) -> String {
    [
        (lang.t("email.practised"), v.tried.trim()),
        (lang.t("email.plan"), v.joint_plan.trim()),
    ]
    .iter()
    .filter(|(_, text)| !text.is_empty())
    .map(|(head, text)| format!("{head}:\n{text}"))
    .collect::<Vec<_>>()
    .join("\n\n")
}

/// Activities shared at the visit, as (title, summary) in `lang` (or the other language's
/// text when there is none in `lang`).
pub async fn activities(
    db: &impl ConnectionTrait,
    visit_id: i32,
    lang: Lang,
) -> Result<Vec<(i32, String, String)>, DbErr> {
    let mut shares = activity_share::Entity::find()
        .filter(activity_share::Column::VisitId.eq(visit_id))
        .order_by_asc(activity_share::Column::Id)
        .all(db)
        .await?;
    // The family's e-mail, like their page, carries published activities only.
    let published = crate::activities::model::published_among(
        db,
        shares.iter().map(|s| s.activity_id).collect(),
    )
    .await?;
    shares.retain(|s| published.contains(&s.activity_id));
    let texts =
        crate::activities::model::texts_of(db, shares.iter().map(|s| s.activity_id).collect())
            .await?;
    Ok(shares
        .iter()
        .filter_map(|s| {
            let t = crate::activities::model::text_for(texts.get(&s.activity_id)?, lang)?;
            Some((s.activity_id, t.title.clone(), t.summary.clone()))
        })
        .collect())
}

/// The next visit: the date the provider wrote on the note, or else the child's next
/// scheduled visit after this one.
pub async fn next_visit(
    db: &impl ConnectionTrait,
    v: &visit::Model,
) -> Result<Option<NaiveDate>, DbErr> {
    if let Some(d) = v.next_visit_on {
        return Ok(Some(d));
    }
    Ok(visit::Entity::find()
        .filter(visit::Column::ChildId.eq(v.child_id))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gt(v.starts_at))
        .order_by_asc(visit::Column::StartsAt)
        .one(db)
        .await?
        .map(|n| n.starts_at.date()))
}

pub async fn names(db: &impl ConnectionTrait, v: &visit::Model) -> Result<(String, String), DbErr> {
    let provider = user::Entity::find_by_id(v.provider_id)
        .into_partial_model::<user::Person>()
        .one(db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let program = program::Entity::find_by_id(v.program_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    Ok((provider, program))
}

/// A visit's coaching note and its deliveries (one outbox row per recipient and send).
pub struct Delivery {
    pub note: coaching_note::Model,
    pub rows: Vec<outbox::Model>,
}

pub async fn delivery(db: &impl ConnectionTrait, visit_id: i32) -> Result<Option<Delivery>, DbErr> {
    let Some(note) = coaching_note::Entity::find()
        .filter(coaching_note::Column::VisitId.eq(visit_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let rows = outbox::Entity::find()
        .filter(outbox::Column::NoteId.eq(note.id))
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await?;
    Ok(Some(Delivery { note, rows }))
}
