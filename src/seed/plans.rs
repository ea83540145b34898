//! Demo plans: every active (or exited) child with an initial IFSP date gets a signed plan
//! with outcomes and consented services; one child also has a signed six-month review.
use crate::{
    entities::{caregiver, child, consent, ifsp, ifsp_outcome, ifsp_service, ifsp_signature, user},
    ifsp::model,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

struct Outcome(&'static str, &'static str, &'static str, &'static str);

const OUTCOMES: [Outcome; 3] = [
    Outcome(
        "child",
        "will ask for more with a word or sign at snack.",
        "Asks without a model in three routines for two weeks.",
        "B",
    ),
    Outcome(
        "child",
        "will pull to stand at the couch to reach a toy during play.",
        "Pulls to stand on her own three times a day for a week.",
        "C",
    ),
    Outcome(
        "family",
        "The family will know two ways to calm bedtime without a screen.",
        "Parents report bedtime in under 30 minutes on 5 of 7 nights.",
        "A",
    ),
];

pub async fn seed(
    db: &impl ConnectionTrait,
    program_id: i32,
    coordinator: i32,
) -> Result<(), DbErr> {
    let providers = user::Entity::find()
        .filter(user::Column::ProgramId.eq(program_id))
        .filter(user::Column::Role.eq(user::Role::Provider))
        .all(db)
        .await?;
    let children = child::Entity::find()
        .filter(child::Column::ProgramId.eq(program_id))
        .filter(child::Column::InitialIfspOn.is_not_null())
        .all(db)
        .await?;
    for (n, c) in children.iter().enumerate() {
        let meeting = c.initial_ifsp_on.expect("filtered");
        email_consent(db, c, meeting, coordinator).await?;
        let status = if c.status == child::Status::Exited {
            "superseded"
        } else {
            "signed"
        };
        let first = plan(
            db,
            c,
            "initial",
            meeting,
            None,
            status,
            coordinator,
            &providers,
            n,
        )
        .await?;
        if c.first_name == "Emma" {
            let loaded = model::load(db, first.id).await?.expect("just made");
            let review = model::create_draft(db, c, "review", Some(&loaded), coordinator).await?;
            finish(db, review, meeting + Duration::days(180), "signed").await?;
            let mut m: ifsp::ActiveModel = first.into();
            m.status = Set("superseded".into());
            m.update(db).await?;
        }
    }
    Ok(())
}

/// Families with a plan agreed to coaching notes by e-mail at the IFSP meeting, so a demo
/// provider can send one (it lands in the data directory's mail folder).
async fn email_consent(
    db: &impl ConnectionTrait,
    c: &child::Model,
    on: NaiveDate,
    by: i32,
) -> Result<(), DbErr> {
    let primary = caregiver::Entity::find()
        .filter(caregiver::Column::FamilyId.eq(c.family_id))
        .filter(caregiver::Column::IsPrimary.eq(true))
        .one(db)
        .await?;
    if let Some(g) = primary {
        consent::ActiveModel {
            child_id: Set(c.id),
            kind: Set("email".into()),
            agency_name: Set(String::new()),
            purpose: Set("Coaching notes after each visit".into()),
            given: Set(true),
            decided_on: Set(on),
            decided_by: Set(g.name),
            expires_on: Set(None),
            revoked_on: Set(None),
            recorded_by: Set(by),
            records: Set(String::new()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn plan(
    db: &impl ConnectionTrait,
    c: &child::Model,
    kind: &str,
    meeting: NaiveDate,
    from: Option<&model::Plan>,
    status: &str,
    by: i32,
    providers: &[user::Model],
    n: usize,
) -> Result<ifsp::Model, DbErr> {
    let draft = model::create_draft(db, c, kind, from, by).await?;
    let mut m: ifsp::ActiveModel = draft.clone().into();
    m.participants = Set(format!(
        "Parent, service coordinator, {}",
        providers
            .get(n % providers.len().max(1))
            .map(|p| p.display_name.as_str())
            .unwrap_or("provider")
    ));
    m.present_cognitive = Set("Looks for hidden toys; explores by banging and dropping.".into());
    m.present_physical =
        Set("Sits and crawls; pulls to kneel. Vision and hearing screened normal.".into());
    m.present_communication =
        Set("Babbles with several consonants; points to ask; about three words.".into());
    m.present_social_emotional = Set("Warm with family; needs time with new people.".into());
    m.present_adaptive = Set("Finger-feeds; drinks from a cup with help.".into());
    m.family_agrees = Set(true);
    m.family_concerns = Set(format!(
        "We want {} to tell us what she needs without crying.",
        c.first_name
    ));
    m.family_priorities = Set("Mealtimes and bedtime.".into());
    m.family_resources = Set("Grandmother helps on weekdays; library story time.".into());
    m.routines = Set("Breakfast, bath, park, bedtime".into());
    m.update(db).await?;
    for (pos, o) in OUTCOMES.iter().enumerate() {
        let statement = if o.0 == "child" {
            format!("{} {}", c.first_name, o.1)
        } else {
            o.1.to_owned()
        };
        ifsp_outcome::ActiveModel {
            ifsp_id: Set(draft.id),
            position: Set(pos as i32 + 1),
            kind: Set(o.0.into()),
            statement: Set(statement),
            criteria: Set(o.2.into()),
            procedures: Set("Parent report and observation at visits.".into()),
            target_date: Set(Some(meeting + Duration::days(180))),
            routines: Set("Snack, play, bedtime".into()),
            cos_outcome: Set(o.3.into()),
            origin_id: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, (t, freq, period, minutes)) in [
        ("speech_language", 2, "month", 60),
        ("special_instruction", 1, "week", 60),
    ]
    .into_iter()
    .enumerate()
    {
        ifsp_service::ActiveModel {
            ifsp_id: Set(draft.id),
            service_type: Set(t.into()),
            discipline: Set(None),
            provider_id: Set(providers
                .get((n + i) % providers.len().max(1))
                .map(|p| p.id)),
            frequency: Set(freq),
            period: Set(period.into()),
            mode: Set("individual".into()),
            minutes: Set(minutes),
            method: Set("in_person".into()),
            location: Set("home".into()),
            justification: Set(String::new()),
            start_date: Set(meeting + Duration::days(7)),
            end_date: Set(Some(meeting + Duration::days(365))),
            payer: Set("part_c".into()),
            consent_given: Set(Some(true)),
            consent_date: Set(Some(meeting)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    finish(db, draft, meeting, status).await
}

/// Signs a demo plan on its meeting date.
async fn finish(
    db: &impl ConnectionTrait,
    p: ifsp::Model,
    meeting: NaiveDate,
    status: &str,
) -> Result<ifsp::Model, DbErr> {
    for (role, name) in [
        ("parent", "Parent (demo)"),
        ("coordinator", "Service coordinator (demo)"),
    ] {
        ifsp_signature::ActiveModel {
            ifsp_id: Set(p.id),
            role: Set(role.into()),
            name: Set(name.into()),
            signed_on: Set(meeting),
            method: Set("in_person".into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let mut m: ifsp::ActiveModel = p.into();
    m.meeting_date = Set(Some(meeting));
    m.status = Set(status.into());
    m.signed_at = Set(Some(Utc::now()));
    m.update(db).await
}
