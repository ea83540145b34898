//! Issue 17, "log a visit in at most 15 interactions": the demo provider, at 375 px in
//! headless Chromium, goes from the home page to today's visit, writes what a provider really
//! writes (a sentence or two in the fields a signed note needs, one library activity) and
//! signs. Every tap, typed field, select and page load counts as one interaction.
use crate::browser::{chromium, driver, wait_for_text};
use crate::browser_phone::{overflow, sign_in};
use crate::support::*;
use chrono::{Duration, NaiveTime, Timelike, Utc};
use fantoccini::{Client, Locator};
use hearth::entities::{activity_share, program, visit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};

/// What the journey cost, by kind.
#[derive(Default)]
struct Count {
    taps: usize,
    typed: usize,
    selects: usize,
    loads: usize,
}

impl Count {
    fn total(&self) -> usize {
        self.taps + self.typed + self.selects + self.loads
    }
}

async fn tap(c: &Client, n: &mut Count, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    n.taps += 1;
}

async fn type_into(c: &Client, n: &mut Count, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
    n.typed += 1;
}

/// Fails with what sticks out when the page scrolls sideways.
async fn fits(c: &Client, what: &str) {
    let (over, which) = overflow(c).await;
    assert_eq!(over, 0, "{what} is {over} px too wide at 375 px: {which}");
}

#[tokio::test]
async fn a_provider_logs_and_signs_a_visit_on_a_phone_in_at_most_15_interactions() {
    let app = TestApp::spawn().await;
    let provider = app.user_id(PROVIDER).await;
    let tz = program::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo program")
        .tz();
    // Today's visit, moved to end a few minutes ago so it can be signed whatever the hour;
    // the provider's other visits today are recorded as missed so nothing overlaps it.
    let now = Utc::now().with_timezone(&tz).naive_local();
    let now = now
        .date()
        .and_time(NaiveTime::from_hms_opt(now.hour(), now.minute(), 0).unwrap_or_default());
    let midnight = now.date().and_hms_opt(0, 0, 0).unwrap();
    let end = (now - Duration::minutes(5)).max(midnight + Duration::minutes(1));
    let start = (end - Duration::minutes(55)).max(midnight);
    let v = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gte(midnight))
        .order_by_asc(visit::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo provider has visits scheduled");
    visit::Entity::update_many()
        .col_expr(visit::Column::Status, Expr::value(visit::Status::Cancelled))
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::Id.ne(v.id))
        .filter(visit::Column::StartsAt.gte(midnight))
        .filter(visit::Column::StartsAt.lt(midnight + Duration::days(1)))
        .exec(&app.db)
        .await
        .unwrap();
    let mut moved = v.clone().into_active_model();
    moved.starts_at = Set(start);
    moved.ends_at = Set(end);
    moved.update(&app.db).await.unwrap();

    let d = driver().await;
    let c = chromium(&d).await;
    c.set_window_size(375, 812).await.unwrap();
    sign_in(&c, &app.base, PROVIDER).await;
    let mut n = Count::default();

    // The home page lists today's visit, one tap from its note.
    c.goto(&format!("{}/", app.base)).await.unwrap();
    n.loads += 1;
    wait_for_text(&c, "Today").await;
    fits(&c, "the home page").await;
    tap(&c, &mut n, &format!("#today a[href^='/visits/{}']", v.id)).await;
    n.loads += 1;
    wait_for_text(&c, "Sign and lock").await;
    fits(&c, "the visit page").await;

    // Who took part, the outcomes, the routine, the practices and the next visit come
    // prefilled; the provider writes what happened today.
    type_into(
        &c,
        &mut n,
        "textarea[name=tried]",
        "Paused with the cup in view at snack and waited for a sign.",
    )
    .await;
    type_into(
        &c,
        &mut n,
        "textarea[name=child_response]",
        "Signed 'more' twice and said 'muh' once.",
    )
    .await;
    type_into(
        &c,
        &mut n,
        "textarea[name=joint_plan]",
        "At breakfast and snack, hold the cup and wait five seconds for a sign or word.",
    )
    .await;
    // One activity from the library: a few letters in the search box, then its box.
    let first = c
        .find(Locator::Css("[data-filter-item] label"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let id = c
        .find(Locator::Css("[data-filter-item] input"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    let word: String = first.chars().take(5).collect();
    type_into(&c, &mut n, "input[data-filter]", &word).await;
    tap(&c, &mut n, &format!("#f-activity-{id}")).await;
    fits(&c, "the filled note").await;
    tap(&c, &mut n, "button[name=intent][value=sign]").await;
    n.loads += 1;
    wait_for_text(&c, "Note signed and locked.").await;
    fits(&c, "the signed note").await;
    c.close().await.unwrap();

    println!(
        "phone visit log: {} interactions ({} taps, {} typed fields, {} selects, {} page loads)",
        n.total(),
        n.taps,
        n.typed,
        n.selects,
        n.loads
    );
    let signed = visit::Entity::find_by_id(v.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(signed.is_signed(), "the note is signed");
    assert_eq!(
        signed.joint_plan,
        "At breakfast and snack, hold the cup and wait five seconds for a sign or word."
    );
    assert!(
        !signed.participants.is_empty(),
        "who took part was prefilled"
    );
    assert!(
        !signed.addressed_outcomes().is_empty(),
        "outcomes were prefilled"
    );
    let shares = activity_share::Entity::find()
        .filter(activity_share::Column::VisitId.eq(v.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        shares
            .iter()
            .map(|s| s.activity_id.to_string())
            .collect::<Vec<_>>(),
        vec![id]
    );
    assert!(n.total() <= 15, "{} interactions", n.total());
}
