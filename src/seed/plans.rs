//! Demo plans: every active (or exited) child with an initial IFSP date gets a signed plan
//! with outcomes and consented services; one child also has a signed six-month review.
use crate::{
    entities::{
        caregiver, child, consent,
        cos_rating::CosOutcome,
        ifsp, ifsp_outcome,
        ifsp_service::{self, Period, ServiceType},
        ifsp_signature, user,
        visit::VisitMethod,
    },
    i18n::Lang,
    ifsp::model,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// (kind, statement, criteria, COS outcome, the statement in Spanish for a Spanish-speaking
/// family: what their page shows)
struct Outcome(
    ifsp_outcome::Kind,
    &'static str,
    &'static str,
    CosOutcome,
    &'static str,
);

const OUTCOMES: [Outcome; 3] = [
    Outcome(
        ifsp_outcome::Kind::Child,
        "will ask for more with a word or sign at snack.",
        "Asks without a model in three routines for two weeks.",
        CosOutcome::B,
        "pedirá «más» con una palabra o una seña a la hora de la merienda.",
    ),
    Outcome(
        ifsp_outcome::Kind::Child,
        "will pull to stand at the couch to reach a toy during play.",
        "Pulls to stand on her own three times a day for a week.",
        CosOutcome::C,
        "se pondrá de pie apoyándose en el sofá para alcanzar un juguete mientras juega.",
    ),
    Outcome(
        ifsp_outcome::Kind::Family,
        "The family will know two ways to calm bedtime without a screen.",
        "Parents report bedtime in under 30 minutes on 5 of 7 nights.",
        CosOutcome::A,
        "La familia conocerá dos maneras de calmar la hora de dormir sin pantallas.",
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
    // In a stated order (the demo's plans and who serves whom follow it): the order SQLite
    // happened to read them in through its (program, birth date) index, before a
    // (program, id) index offered another.
    let children = child::Entity::find()
        .filter(child::Column::ProgramId.eq(program_id))
        .filter(child::Column::InitialIfspOn.is_not_null())
        .order_by_asc(child::Column::DateOfBirth)
        .order_by_asc(child::Column::Id)
        .all(db)
        .await?;
    for (n, c) in children.iter().enumerate() {
        let meeting = c.initial_ifsp_on.expect("filtered");
        email_consent(db, c, meeting, coordinator).await?;
        let status = if c.status == child::Status::Exited {
            ifsp::Status::Superseded
        } else {
            ifsp::Status::Signed
        };
        let first = plan(
            db,
            c,
            ifsp::Kind::Initial,
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
            let review =
                model::create_draft(db, c, ifsp::Kind::Review, Some(&loaded), coordinator).await?;
            finish(
                db,
                review,
                meeting + Duration::days(180),
                ifsp::Status::Signed,
            )
            .await?;
            let mut m: ifsp::ActiveModel = first.into();
            m.status = Set(ifsp::Status::Superseded);
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
            kind: Set(consent::Kind::Email),
            agency_name: Set(String::new()),
            purpose: Set("Coaching notes after each visit".into()),
            given: Set(true),
            decided_on: Set(on),
            decided_by: Set(g.name),
            expires_on: Set(None),
            revoked_on: Set(None),
            recorded_by: Set(by),
            records: Set(Default::default()),
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
    kind: ifsp::Kind,
    meeting: NaiveDate,
    from: Option<&model::Plan>,
    status: ifsp::Status,
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
    let spanish = model::family_lang(db, c).await? == Lang::Es;
    for (pos, o) in OUTCOMES.iter().enumerate() {
        let named = |text: &str| {
            if o.0 == ifsp_outcome::Kind::Child {
                format!("{} {text}", c.first_name)
            } else {
                text.to_owned()
            }
        };
        let statement = named(o.1);
        // The coordinator translated the plan for a Spanish-speaking family.
        let (family_statement, family_lang) = if spanish {
            (named(o.4), Some(Lang::Es))
        } else {
            (String::new(), None)
        };
        ifsp_outcome::ActiveModel {
            ifsp_id: Set(draft.id),
            position: Set(pos as i32 + 1),
            kind: Set(o.0),
            statement: Set(statement),
            criteria: Set(o.2.into()),
            procedures: Set("Parent report and observation at visits.".into()),
            target_date: Set(Some(meeting + Duration::days(180))),
            routines: Set("Snack, play, bedtime".into()),
            cos_outcome: Set(o.3),
            origin_id: Set(None),
            family_statement: Set(family_statement),
            family_lang: Set(family_lang),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, (t, freq, period, minutes)) in [
        (ServiceType::SpeechLanguage, 2, Period::Month, 60),
        (ServiceType::SpecialInstruction, 1, Period::Week, 60),
    ]
    .into_iter()
    .enumerate()
    {
        ifsp_service::ActiveModel {
            ifsp_id: Set(draft.id),
            service_type: Set(t),
            discipline: Set(None),
            provider_id: Set(providers
                .get((n + i) % providers.len().max(1))
                .map(|p| p.id)),
            frequency: Set(freq),
            period: Set(period),
            mode: Set(ifsp_service::Mode::Individual),
            minutes: Set(minutes),
            method: Set(VisitMethod::InPerson),
            location: Set(ifsp_service::Setting::Home),
            justification: Set(String::new()),
            start_date: Set(meeting + Duration::days(7)),
            end_date: Set(Some(meeting + Duration::days(365))),
            payer: Set(ifsp_service::Payer::PartC),
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
    status: ifsp::Status,
) -> Result<ifsp::Model, DbErr> {
    for (role, name) in [
        (ifsp_signature::Role::Parent, "Parent (demo)"),
        (
            ifsp_signature::Role::Coordinator,
            "Service coordinator (demo)",
        ),
    ] {
        ifsp_signature::ActiveModel {
            ifsp_id: Set(p.id),
            role: Set(role),
            name: Set(name.into()),
            signed_on: Set(meeting),
            method: Set(ifsp_signature::Method::InPerson),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let mut m: ifsp::ActiveModel = p.into();
    m.meeting_date = Set(Some(meeting));
    m.status = Set(status);
    m.signed_at = Set(Some(Utc::now()));
    m.update(db).await
}
