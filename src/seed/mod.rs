//! Demo data: a program a newcomer can click through, and the staff the tests sign in as.
//! Later domains add their demo records here (plans, visits).
mod agencies;
mod children;
pub mod cli;
mod plans;
mod surveys;
pub mod synthetic;
mod visits;
use crate::{
    entities::{
        Choice, credential, program,
        user::{Discipline, Role},
    },
    staff::model::{self as staff, NewStaff},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, Set, TransactionSession,
    TransactionTrait,
};

pub const DEMO_PASSWORD: &str = "hearth-demo-2026";

/// The demo staff: (e-mail, name, role, discipline).
pub const DEMO_STAFF: &[(&str, &str, Role, Option<Discipline>)] = &[
    (
        "admin@riverbend.example",
        "Dana Whitfield",
        Role::Admin,
        None,
    ),
    (
        "supervisor@riverbend.example",
        "Grace Okafor",
        Role::Supervisor,
        None,
    ),
    (
        "coordinator@riverbend.example",
        "Maria López",
        Role::Coordinator,
        None,
    ),
    (
        "coordinator2@riverbend.example",
        "James Chen",
        Role::Coordinator,
        None,
    ),
    (
        "slp@riverbend.example",
        "Priya Raman",
        Role::Provider,
        Some(Discipline::SpeechLanguage),
    ),
    (
        "ot@riverbend.example",
        "Tom Becker",
        Role::Provider,
        Some(Discipline::Occupational),
    ),
    (
        "pt@riverbend.example",
        "Aisha Bello",
        Role::Provider,
        Some(Discipline::Physical),
    ),
];

/// A second program, so that tenancy is visible in the demo and testable.
pub const OTHER_ADMIN: &str = "admin@lakeside.example";

/// The state's lead agency: reads both programs' reports (its row is Riverbend's; it sees
/// every program's). Same demo password.
pub const LEAD_AGENCY: &str = "lead@demo.hearth.test";

pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(program::Entity::find().count(db).await? == 0)
}

pub async fn create_program(
    db: &impl ConnectionTrait,
    slug: &str,
    name: &str,
    state_code: &str,
    timezone: &str,
) -> Result<program::Model, DbErr> {
    program::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        state_code: Set(state_code.to_owned()),
        timezone: Set(timezone.to_owned()),
        rules: Set(crate::program::rules::ProgramRules::default().to_json()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Two programs and their staff. Returns the sign-ins as (e-mail, role label). One
/// transaction: a demo is loaded whole or not at all (and SQLite writes it in one sync).
pub async fn demo(db: &impl TransactionTrait) -> Result<Vec<(String, &'static str)>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let logins = demo_in(&txn).await?;
    txn.commit().await?;
    Ok(logins)
}

async fn demo_in(db: &impl ConnectionTrait) -> Result<Vec<(String, &'static str)>, DbErr> {
    let riverbend = create_program(
        db,
        "riverbend",
        "Riverbend County Early Intervention",
        "PA",
        "America/New_York",
    )
    .await?;
    let lakeside = create_program(
        db,
        "lakeside",
        "Lakeside Regional Birth-to-Three",
        "CO",
        "America/Denver",
    )
    .await?;
    let mut logins = Vec::new();
    let mut ids = Vec::new();
    for (email, name, role, discipline) in DEMO_STAFF {
        ids.push((
            add(db, riverbend.id, email, name, *role, *discipline).await?,
            *role,
        ));
        logins.push((email.to_string(), role.label()));
    }
    let coordinators: Vec<i32> = ids
        .iter()
        .filter(|(_, r)| *r == Role::Coordinator)
        .map(|(id, _)| *id)
        .collect();
    let tz = riverbend.tz();
    let today = Utc::now().with_timezone(&tz).date_naive();
    children::seed(db, riverbend.id, today, &coordinators, coordinators[0]).await?;
    plans::seed(db, riverbend.id, coordinators[0]).await?;
    for (i, (id, role)) in ids.iter().enumerate() {
        if *role == Role::Provider {
            // One expires within the warning window (Aisha, PT), one has lapsed (Tom, OT),
            // one is current (Priya, speech, the provider the tests sign notes as).
            let days = [20_i64, 400, -5][i % 3];
            credential::ActiveModel {
                user_id: Set(*id),
                kind: Set(credential::Kind::License),
                name: Set("State professional licence".into()),
                number: Set(format!("PA-{:05}", 10_000 + id)),
                issuer: Set("State licensing board".into()),
                expires_on: Set(Some(today + chrono::Duration::days(days))),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    visits::seed(db, riverbend.id, today).await?;
    agencies::seed(db, riverbend.id).await?;
    surveys::seed(db, riverbend.id, today).await?;
    let library = crate::activities::starter::library().map_err(DbErr::Custom)?;
    crate::activities::starter::import(db, &library).await?;
    add(db, lakeside.id, OTHER_ADMIN, "Lee Park", Role::Admin, None).await?;
    logins.push((
        format!("{OTHER_ADMIN} (other program)"),
        Role::Admin.label(),
    ));
    add(
        db,
        riverbend.id,
        LEAD_AGENCY,
        "Ruth Alvarez",
        Role::LeadAgency,
        None,
    )
    .await?;
    logins.push((
        format!("{LEAD_AGENCY} (every program)"),
        Role::LeadAgency.label(),
    ));
    Ok(logins)
}

async fn add(
    db: &impl ConnectionTrait,
    program_id: i32,
    email: &str,
    name: &str,
    role: Role,
    discipline: Option<Discipline>,
) -> Result<i32, DbErr> {
    let u = staff::insert(
        db,
        program_id,
        NewStaff {
            display_name: name.into(),
            email: email.into(),
            role,
            discipline,
            password: DEMO_PASSWORD.into(),
        },
    )
    .await?;
    Ok(u.id)
}
