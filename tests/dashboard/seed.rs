//! The dashboard's hand-made program: Lakeside (the demo's second program, which has only its
//! admin), with two coordinators, six children, one child's visits and coaching notes, and a
//! credential, at dates counted back from today in whole months so each lands in a known
//! month of the last twelve.
use crate::support::*;
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, TimeZone, Utc};
use hearth::entities::{
    Lang, caregiver, child, coaching_note, credential, family, family_link, ifsp, ifsp_service,
    program, referral, user, visit,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

/// Today on Lakeside's wall clock (America/Denver).
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::America::Denver)
        .date_naive()
}

/// Day `day` of the month `back` months before this one.
pub fn day(back: u32, day: u32) -> NaiveDate {
    let first = today().with_day(1).unwrap() - Months::new(back);
    first.with_day(day).unwrap()
}

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).unwrap()
}

pub struct Lakeside {
    pub program: i32,
    pub cora: i32,
    pub dan: i32,
}

async fn staff(app: &TestApp, program: i32, email: &str, name: &str) -> i32 {
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

struct Kid<'a> {
    first: &'a str,
    status: child::Status,
    coordinator: Option<i32>,
    referred: NaiveDate,
    contacted: bool,
    ifsp_on: Option<NaiveDate>,
    exit_on: Option<NaiveDate>,
}

async fn child(app: &TestApp, program: i32, by: i32, k: Kid<'_>) -> (i32, i32) {
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

async fn referral_on(app: &TestApp, child: i32, by: i32, on: NaiveDate, contacted: bool) {
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
async fn visit(
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
async fn note(
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

async fn caregiver(app: &TestApp, family: i32, name: &str) -> i32 {
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
async fn service(app: &TestApp, program: i32, child: i32, by: i32) -> i32 {
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

/// The hand-made program. What each record is for is said beside it; the expected numbers
/// are in `tests/dashboard.rs`.
pub async fn lakeside(app: &TestApp) -> Lakeside {
    let program = program::Entity::find()
        .filter(program::Column::Slug.eq("lakeside"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let admin = app.user_id(OTHER_ADMIN).await;
    let cora = staff(app, program, "cora@lakeside.example", "Cora Lake").await;
    let dan = staff(app, program, "dan@lakeside.example", "Dan Lake").await;
    let t = today();
    use child::Status::*;
    let kid = |first, status, coordinator, referred, contacted, ifsp_on, exit_on| Kid {
        first,
        status,
        coordinator,
        referred,
        contacted,
        ifsp_on,
        exit_on,
    };
    // Mia: contacted, no IFSP 45 days on: 1 overdue item (Cora).
    child(
        app,
        program,
        admin,
        kid("Mia", Referred, Some(cora), day(2, 10), true, None, None),
    )
    .await;
    // Max: never contacted, no IFSP: 2 overdue items (Cora).
    child(
        app,
        program,
        admin,
        kid("Max", Referred, Some(cora), day(2, 12), false, None, None),
    )
    .await;
    // Ivy: no coordinator, no IFSP: 1 overdue item.
    child(
        app,
        program,
        admin,
        kid("Ivy", Referred, None, day(3, 5), true, None, None),
    )
    .await;
    // Kai: exited (no clocks); referred on the day before the twelve months, and again later.
    let (kai, _) = child(
        app,
        program,
        admin,
        kid(
            "Kai",
            Exited,
            Some(cora),
            day(11, 1) - Duration::days(1),
            true,
            None,
            Some(day(5, 20)),
        ),
    )
    .await;
    referral_on(app, kai, admin, day(9, 15), true).await;
    // Zoe: in service, her IFSP not due yet; her visits and notes are the trends.
    let (zoe, zoe_family) = child(
        app,
        program,
        admin,
        kid("Zoe", Active, Some(dan), day(0, 1), true, None, None),
    )
    .await;
    // Ada: IFSP on the day of referral, due today: C7 on time (Dan).
    child(
        app,
        program,
        admin,
        kid(
            "Ada",
            Active,
            Some(dan),
            t - Duration::days(45),
            true,
            Some(t - Duration::days(45)),
            None,
        ),
    )
    .await;
    // Ben: IFSP today, a day after it was due: C7 late (Dan).
    child(
        app,
        program,
        admin,
        kid(
            "Ben",
            Active,
            Some(dan),
            t - Duration::days(46),
            true,
            Some(t),
            None,
        ),
    )
    .await;

    let sv = service(app, program, zoe, admin).await;
    use visit::Status::{Cancelled, Completed, Scheduled};
    let v = |status, starts| visit(app, program, zoe, sv, admin, status, starts);
    // The last minutes before the twelve months, and the first minute of them.
    v(Completed, at(day(11, 1) - Duration::days(1), 23, 30)).await;
    let first_minute = v(Completed, at(day(11, 1), 0, 0)).await;
    let never_logged = v(Scheduled, at(day(4, 8), 10, 0)).await;
    let a = v(Completed, at(day(1, 3), 10, 0)).await;
    let b = v(Completed, at(day(1, 10), 10, 0)).await;
    v(Cancelled, at(day(1, 17), 10, 0)).await;
    let this_month = v(Completed, at(day(0, 1), 9, 0)).await;
    v(Scheduled, at(day(0, 28), 10, 0)).await;

    let mum = caregiver(app, zoe_family, "Zoe's mother").await;
    let dad = caregiver(app, zoe_family, "Zoe's father").await;
    let n = |visit, sent, links: &'static [(bool, bool)]| {
        let links: Vec<(i32, bool)> = links
            .iter()
            .map(|(is_mum, used)| (if *is_mum { mum } else { dad }, *used))
            .collect();
        async move { note(app, zoe, zoe_family, visit, admin, sent, &links).await }
    };
    // Sent and opened; sent, not opened; sent this month; sent with two links both opened
    // (one note opened); a draft (not sent).
    n(a, Some(day(1, 5)), &[(true, true)]).await;
    n(b, Some(day(1, 6)), &[(true, false)]).await;
    n(this_month, Some(day(0, 1)), &[(true, false)]).await;
    n(
        never_logged,
        Some(day(3, 2)),
        &[(true, true), (false, true)],
    )
    .await;
    n(first_minute, None, &[]).await;

    // Cora's license expires in ten days (within the default warning period); her
    // certification in two years.
    for (name, on) in [
        ("SLP license", t + Duration::days(10)),
        ("CPR", t + Duration::days(730)),
    ] {
        credential::ActiveModel {
            user_id: sea_orm::Set(cora),
            kind: sea_orm::Set(credential::Kind::License),
            name: sea_orm::Set(name.into()),
            number: sea_orm::Set("L-1".into()),
            issuer: sea_orm::Set("CO".into()),
            expires_on: sea_orm::Set(Some(on)),
            created_at: sea_orm::Set(Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    Lakeside { program, cora, dan }
}
