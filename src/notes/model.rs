//! What a coaching note is made of: who may receive it, what the visit gives it, and its
//! delivery so far.
use crate::{
    entities::{
        activity_share, caregiver, child, coaching_note, consent, outbox, program, user, visit,
    },
    i18n::Lang,
};
use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

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
    // The joint plan in the family's language where it was translated into it.
    let plan = match v.joint_plan_lang {
        Some(l) if l == lang && !v.joint_plan_family.trim().is_empty() => &v.joint_plan_family,
        _ => &v.joint_plan,
    };
    [
        (lang.t("email.practised"), v.tried.trim()),
        (lang.t("email.plan"), plan.trim()),
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

/// When the family's next visit is: a scheduled visit has a time; a date a provider wrote on a
/// note does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextWhen {
    At(NaiveDateTime),
    On(NaiveDate),
}

/// The family's next visit and with whom: the one fact the family page and every coaching
/// e-mail show, so the two can never give different dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextVisit {
    pub when: NextWhen,
    pub provider: String,
    /// A scheduled telehealth visit's meeting link, when it has one.
    pub link: Option<String>,
}

impl NextVisit {
    /// "Tuesday, December 8, 2026, 10:00 AM, with Priya Raman", in the family's language.
    pub fn describe(&self, l: Lang) -> String {
        match self.when {
            NextWhen::At(at) => l.tr(
                "visit.next_at",
                &[
                    ("date", &l.date(at.date())),
                    ("time", &l.time(at.time())),
                    ("provider", &self.provider),
                ],
            ),
            NextWhen::On(d) => l.tr(
                "visit.next_on",
                &[("date", &l.date(d)), ("provider", &self.provider)],
            ),
        }
    }
}

/// The child's next visit from `now` (the program's wall clock) on: the earliest scheduled
/// visit, or, when none is scheduled, the next-visit date a provider wrote on the latest visit
/// that has one, if that date is still ahead. A scheduled visit wins over a written date: the
/// calendar is what the provider will actually come to.
pub async fn next_visit(
    db: &impl ConnectionTrait,
    child_id: i32,
    now: NaiveDateTime,
) -> Result<Option<NextVisit>, DbErr> {
    let scheduled = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(child_id))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gte(now))
        .order_by_asc(visit::Column::StartsAt)
        .order_by_asc(visit::Column::Id)
        .one(db)
        .await?;
    let link = scheduled
        .as_ref()
        .filter(|v| v.method == visit::VisitMethod::Telehealth && !v.meeting_link.is_empty())
        .map(|v| v.meeting_link.clone());
    let (when, provider_id) = match scheduled {
        Some(v) => (NextWhen::At(v.starts_at), v.provider_id),
        None => {
            let written = visit::Entity::find()
                .filter(visit::Column::ChildId.eq(child_id))
                .filter(visit::Column::NextVisitOn.is_not_null())
                .filter(visit::Column::StartsAt.lte(now))
                .order_by_desc(visit::Column::StartsAt)
                .order_by_desc(visit::Column::Id)
                .one(db)
                .await?;
            match written {
                Some(v) => match v.next_visit_on.filter(|d| *d >= now.date()) {
                    Some(d) => (NextWhen::On(d), v.provider_id),
                    None => return Ok(None),
                },
                None => return Ok(None),
            }
        }
    };
    let provider = user::Entity::find_by_id(provider_id)
        .select_only()
        .column(user::Column::DisplayName)
        .into_tuple::<String>()
        .one(db)
        .await?
        .unwrap_or_default();
    Ok(Some(NextVisit {
        when,
        provider,
        link,
    }))
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

/// Who a family's reply reaches, as (name, mailbox), under the program's rule: the note's
/// provider or the child's coordinator, or no one (an account without an address is no one).
pub async fn reply_to(
    db: &impl ConnectionTrait,
    c: &child::Model,
    v: &visit::Model,
) -> Result<Option<(String, String)>, DbErr> {
    use crate::program::rules::{FamilyReplyTo, ProgramRules};
    let rules = program::Entity::find_by_id(v.program_id)
        .select_only()
        .column(program::Column::Rules)
        .into_tuple::<String>()
        .one(db)
        .await?
        .map(|r| ProgramRules::from_json(&r))
        .unwrap_or_default();
    let who = match rules.family_reply_to {
        FamilyReplyTo::Nobody => None,
        FamilyReplyTo::Provider => Some(v.provider_id),
        FamilyReplyTo::Coordinator => c.coordinator_id,
    };
    let Some(id) = who else { return Ok(None) };
    let found = user::Entity::find_by_id(id)
        .filter(user::Column::ProgramId.eq(v.program_id))
        .select_only()
        .columns([user::Column::DisplayName, user::Column::Email])
        .into_tuple::<(String, String)>()
        .one(db)
        .await?;
    Ok(found.and_then(|(name, email)| {
        let address = email.parse::<lettre::Address>().ok()?;
        let mailbox = lettre::message::Mailbox::new(Some(name.clone()), address);
        Some((name, mailbox.to_string()))
    }))
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
