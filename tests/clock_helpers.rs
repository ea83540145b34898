//! Reading due items off any page by their data attributes, and building children at a
//! given point of the Part C timeline, for the clock tests.
use crate::support::*;
use chrono::{Duration, Months, NaiveDate};
use hearth::entities::child;
use reqwest::StatusCode;

/// One rendered due item, as its data attributes say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub child: i32,
    pub clock: String,
    pub service: Option<String>,
    pub due: Option<String>,
    pub state: String,
    pub asap: bool,
    /// The element's words, squashed to single spaces.
    pub text: String,
}

impl Item {
    /// What must agree between pages: the clock, the service, the date and the state.
    pub fn key(&self) -> (i32, String, Option<String>, Option<String>, String, bool) {
        (
            self.child,
            self.clock.clone(),
            self.service.clone(),
            self.due.clone(),
            self.state.clone(),
            self.asap,
        )
    }
}

/// The due items inside `scope` (a CSS selector), in page order.
pub fn items(html: &str, scope: &str) -> Vec<Item> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("{scope} [data-clock]")).unwrap();
    doc.select(&sel)
        .map(|e| {
            let v = e.value();
            let attr = |n: &str| v.attr(n).map(str::to_owned);
            Item {
                child: attr("data-child").and_then(|c| c.parse().ok()).unwrap_or(0),
                clock: attr("data-clock").unwrap_or_default(),
                service: attr("data-service"),
                due: attr("data-due"),
                state: attr("data-state").unwrap_or_default(),
                asap: v.attr("data-asap") == Some("true"),
                text: e
                    .text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect()
}

/// The items of one clock for one child within `scope`.
pub fn find<'a>(all: &'a [Item], child: i32, clock: &str) -> Vec<&'a Item> {
    all.iter()
        .filter(|i| i.child == child && i.clock == clock)
        .collect()
}

pub fn one<'a>(all: &'a [Item], child: i32, clock: &str) -> &'a Item {
    let found = find(all, child, clock);
    assert_eq!(
        found.len(),
        1,
        "one {clock} item for child {child}: {all:#?}"
    );
    found[0]
}

/// The child page's "What is due" list.
pub const DUE: &str = "section[aria-labelledby=due-h]";
/// The child page's transition box.
pub const BOX: &str = "section[aria-labelledby=tr-h]";
/// The workspace's "Where things stand".
pub const STAND: &str = "section[aria-labelledby=st-h]";

pub async fn child_items(b: &Browser, id: i32, scope: &str) -> Vec<Item> {
    let (status, html) = b.page(&format!("/children/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    items(&html, scope)
}

pub async fn workspace_items(b: &Browser, id: i32) -> Vec<Item> {
    let (status, html) = b.page(&format!("/children/{id}/transition")).await;
    assert_eq!(status, StatusCode::OK);
    items(&html, STAND)
}

pub fn day(d: NaiveDate) -> String {
    d.to_string()
}

pub fn in_days(n: i64) -> NaiveDate {
    today() + Duration::days(n)
}

/// The birth date whose third birthday is `b3` (never a 29 February birth).
pub fn born_for(b3: NaiveDate) -> NaiveDate {
    b3.checked_sub_months(Months::new(36)).unwrap()
}

/// A new referral through the intake form, on the coordinator's own caseload.
pub async fn refer(
    app: &TestApp,
    b: &Browser,
    first: &str,
    dob: NaiveDate,
    received: NaiveDate,
) -> child::Model {
    let (dob, received) = (dob.to_string(), received.to_string());
    let fields = referral_fields(first, &dob, &received);
    let res = b.post("/children", &fields).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    child_named(app, first).await
}

/// The same child referred again (the intake form's "add to the existing record").
pub async fn refer_again(b: &Browser, c: &child::Model, received: NaiveDate) {
    let (dob, received) = (c.date_of_birth.to_string(), received.to_string());
    let merge = format!("merge:{}", c.id);
    let mut fields = referral_fields(&c.first_name, &dob, &received);
    fields.push(("duplicate", &merge));
    let res = b.post("/children", &fields).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
}

pub fn referral_fields<'a>(
    first: &'a str,
    dob: &'a str,
    received: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("first_name", first),
        ("last_name", "Adeyemi"),
        ("date_of_birth", dob),
        ("gestational_weeks", ""),
        ("received_on", received),
        ("source", "physician"),
        ("concerns", "Few words; not pointing to ask."),
        ("caregiver_name", "Funmi Adeyemi"),
        ("relationship", "mother"),
        ("phone", "555-222-9876"),
        ("email", ""),
        ("preferred_contact", "text"),
        ("language", "en"),
        ("county", "Riverbend"),
    ]
}

/// An evaluation on `evaluated` finding the child eligible, confirmed with prior written
/// notice on `notice`.
pub async fn found_eligible(
    b: &Browser,
    app: &TestApp,
    id: i32,
    evaluated: NaiveDate,
    notice: NaiveDate,
) {
    use hearth::entities::evaluation;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let evaluated = evaluated.to_string();
    let res = b
        .post(
            &format!("/children/{id}/evaluations"),
            &[
                ("evaluated_on", evaluated.as_str()),
                ("tools", "BDI-3"),
                ("communication_pct", "30"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let ev = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(id))
        .order_by_desc(evaluation::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = b
        .post(
            &format!("/children/{id}/evaluations/{}/decision", ev.id),
            &[
                ("decision", "eligible"),
                ("notice_sent_on", &notice.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// Records the conference as held on `held` with the family's approval the same day.
pub async fn conference_held(app: &TestApp, b: &Browser, id: i32, held: NaiveDate) {
    let v = crate::transition_helpers::version(app, id).await;
    let held = held.to_string();
    let res = crate::transition_helpers::post(
        b,
        id,
        "conference",
        &[
            ("version", &v),
            ("conference_on", &held),
            (
                "participants",
                "Rachel Thompson — mother\nMaria López — service coordinator",
            ),
            ("family_approved_on", &held),
            ("conference_held_on", &held),
            ("conference_notes", "Talked about preschool options."),
        ],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
}

/// Moves a demo child's birth date so that the third birthday is `b3`.
pub async fn turning_three_on(app: &TestApp, first: &str, b3: NaiveDate) -> child::Model {
    use sea_orm::{ActiveModelTrait, Set};
    let c = child_named(app, first).await;
    let mut m: child::ActiveModel = c.into();
    m.date_of_birth = Set(born_for(b3));
    m.update(&app.db).await.unwrap()
}
