//! The dashboard's hand-made program: Lakeside (the demo's second program, which has only its
//! admin), with two coordinators, seven children, one child's visits and coaching notes, and
//! credentials, at dates counted back from today in whole months so each lands in a known
//! month of the last twelve.
use super::records::{Kid, caregiver, child, note, referral_on, service, staff, visit};
use crate::support::*;
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, Utc};
use hearth::entities::{child, credential, program, visit};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};

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

pub(super) fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).unwrap()
}

pub struct Lakeside {
    pub program: i32,
    pub cora: i32,
    pub dan: i32,
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
