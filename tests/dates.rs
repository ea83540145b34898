//! Issue 17, "one date and time style on staff pages, in the program's time zone": a stored
//! instant (UTC in the database) is shown as the program's local time, across a clock change.
use crate::{api_helpers::issue, support::*};
use chrono::{TimeZone, Utc};
use hearth::entities::api_token;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

#[tokio::test]
async fn staff_pages_show_stored_instants_in_the_programs_time_zone() {
    let app = TestApp::spawn().await;
    issue(&app, "coordinator", "read").await;
    let token = api_token::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let admin = app.signed_in(ADMIN).await;
    // Riverbend is in America/New_York: UTC-4 in July, UTC-5 in December.
    for (utc, shown) in [
        (
            Utc.with_ymd_and_hms(2026, 7, 1, 16, 5, 0),
            "1 Jul 2026, 12:05",
        ),
        (
            Utc.with_ymd_and_hms(2026, 12, 2, 3, 30, 0),
            "1 Dec 2026, 22:30",
        ),
    ] {
        let mut m: api_token::ActiveModel = token.clone().into();
        m.last_used_at = Set(Some(utc.unwrap()));
        m.update(&app.db).await.unwrap();
        let (_, html) = admin.page("/settings/api-tokens").await;
        assert_eq!(texts(&html, ".last-used"), [shown]);
    }
}
