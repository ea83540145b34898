//! The rows of the dashboard's hand-made program, each written whole from a template row of
//! the demo (so every column has a value) with the fields that matter set here.
use super::seed::{at, today};
use crate::support::*;
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use hearth::entities::{
    Lang, caregiver, child, coaching_note, family, family_link, ifsp, ifsp_service, referral, user,
    visit,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

pub(super) async fn staff(app: &TestApp, program: i32, email: &str, name: &str) -> i32 {
    let template = user::Entity::find()
        .filter(user::Column::Email.eq(COORDINATOR))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = user::Model {
        program_id: program,
        email: email.into(),
        display_name: name.into(),
        ..template
    }
    .into_active_model()
    .reset_all();
    am.id = NotSet;
    am.insert(&app.db).await.unwrap().id
}

pub(super) struct Kid<'a> {
    pub(super) first: &'a str,
    pub(super) status: child::Status,
    pub(super) coordinator: Option<i32>,
    pub(super) referred: NaiveDate,
    pub(super) contacted: bool,
    pub(super) ifsp_on: Option<NaiveDate>,
    pub(super) exit_on: Option<NaiveDate>,
}

pub(super) async fn child(app: &TestApp, program: i32, by: i32, k: Kid<'_>) -> (i32, i32) {
    let now = Utc::now();
    let fam = family::ActiveModel {
        program_id: sea_orm::Set(program),
        address_line: sea_orm::Set(String::new()),
        city: sea_orm::Set(String::new()),
        county: sea_orm::Set(String::new()),
        postal_code: sea_orm::Set(String::new()),
        created_at: sea_orm::Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let c = child::ActiveModel {
        program_id: sea_orm::Set(program),
        family_id: sea_orm::Set(fam),
        first_name: sea_orm::Set(k.first.into()),
        last_name: sea_orm::Set("Lake".into()),
        date_of_birth: sea_orm::Set(today() - Duration::days(365)),
        gestational_weeks: sea_orm::Set(None),
        sex: sea_orm::Set(None),
        race_ethnicity: sea_orm::Set(None),
        coordinator_id: sea_orm::Set(k.coordinator),
        status: sea_orm::Set(k.status),
        exit_category: sea_orm::Set(k.exit_on.map(|_| child::ExitCategory::WithdrawnByParent)),
        exit_date: sea_orm::Set(k.exit_on),
        initial_ifsp_on: sea_orm::Set(k.ifsp_on),
        version: sea_orm::Set(1),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    referral_on(app, c, by, k.referred, k.contacted).await;
    (c, fam)
}

pub(super) async fn referral_on(
    app: &TestApp,
    child: i32,
    by: i32,
    on: NaiveDate,
    contacted: bool,
) {
    referral::ActiveModel {
        child_id: sea_orm::Set(child),
        received_on: sea_orm::Set(on),
        source: sea_orm::Set(referral::Source::Parent),
        source_name: sea_orm::Set(String::new()),
        concerns: sea_orm::Set(String::new()),
        first_contact_on: sea_orm::Set(contacted.then_some(on)),
        created_by: sea_orm::Set(by),
        created_at: sea_orm::Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// A visit of `child` for `service` starting at `starts`.
pub(super) async fn visit(
    app: &TestApp,
    program: i32,
    child: i32,
    service: i32,
    by: i32,
    status: visit::Status,
    starts: NaiveDateTime,
) -> i32 {
    let template = visit::Entity::find().one(&app.db).await.unwrap().unwrap();
    let mut am = visit::Model {
        program_id: program,
        child_id: child,
        service_id: service,
        provider_id: by,
        status,
        starts_at: starts,
        ends_at: starts + Duration::hours(1),
        makeup_of_id: None,
        created_by: by,
        ..template
    }
    .into_active_model()
    .reset_all();
    am.id = NotSet;
    am.insert(&app.db).await.unwrap().id
}

/// A coaching note for `visit`, sent at `sent` (UTC noon of that day) unless `None` (a
/// draft); a link per caregiver in `opened`, used when true.
#[allow(clippy::too_many_arguments)]
pub(super) async fn note(
    app: &TestApp,
    child: i32,
    family: i32,
    visit: i32,
    by: i32,
    sent: Option<NaiveDate>,
    links: &[(i32, bool)],
) {
    let now = Utc::now();
    let sent_at = sent.map(|d| Utc.from_utc_datetime(&at(d, 12, 0)));
    let id = coaching_note::ActiveModel {
        visit_id: sea_orm::Set(visit),
        child_id: sea_orm::Set(child),
        language: sea_orm::Set(Lang::En),
        body: sea_orm::Set("We practised naming things at bath time.".into()),
        status: sea_orm::Set(if sent.is_some() {
            coaching_note::Status::Sent
        } else {
            coaching_note::Status::Draft
        }),
        version: sea_orm::Set(1),
        created_by: sea_orm::Set(by),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
        sent_at: sea_orm::Set(sent_at),
        sent_by: sea_orm::Set(sent.map(|_| by)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    for (i, (caregiver, used)) in links.iter().enumerate() {
        family_link::ActiveModel {
            family_id: sea_orm::Set(family),
            child_id: sea_orm::Set(child),
            caregiver_id: sea_orm::Set(*caregiver),
            note_id: sea_orm::Set(Some(id)),
            token_hash: sea_orm::Set(format!("dashboard-{id}-{i}")),
            created_at: sea_orm::Set(now),
            expires_at: sea_orm::Set(now + Duration::days(30)),
            revoked_at: sea_orm::Set(None),
            last_used_at: sea_orm::Set(used.then_some(now)),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
}

pub(super) async fn caregiver(app: &TestApp, family: i32, name: &str) -> i32 {
    let template = caregiver::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = caregiver::Model {
        family_id: family,
        name: name.into(),
        ..template
    }
    .into_active_model()
    .reset_all();
    am.id = NotSet;
    am.insert(&app.db).await.unwrap().id
}

/// A draft plan with one service (not consented: no clock), for the visits to belong to.
pub(super) async fn service(app: &TestApp, program: i32, child: i32, by: i32) -> i32 {
    let plan = ifsp::Entity::find().one(&app.db).await.unwrap().unwrap();
    let mut am = ifsp::Model {
        child_id: child,
        program_id: program,
        status: ifsp::Status::Draft,
        signed_at: None,
        supersedes_id: None,
        created_by: by,
        ..plan
    }
    .into_active_model()
    .reset_all();
    am.id = NotSet;
    let plan = am.insert(&app.db).await.unwrap().id;
    let sv = ifsp_service::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = ifsp_service::Model {
        ifsp_id: plan,
        provider_id: None,
        consent_given: None,
        consent_date: None,
        ..sv
    }
    .into_active_model()
    .reset_all();
    am.id = NotSet;
    am.insert(&app.db).await.unwrap().id
}
