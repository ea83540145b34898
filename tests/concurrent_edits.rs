//! Concurrent edits (issue 18): every editable record carries a version that its form sends
//! back, and the save is a guarded `UPDATE … WHERE version = ?`. For a child, a plan draft, a
//! visit note draft, an agency and an activity, two editors load the same form and submit
//! different changes at the same moment: exactly one is accepted (303), the other gets the
//! conflict view (409) with what they typed still in the form and what is saved now beside
//! it; the row holds the winner's change at version + 1. A submit from a form opened before
//! a save is refused the same way.
mod library;

use crate::{
    ifsp_helpers::{narrative, plans_of, without_plans},
    lost_updates::{Post, at_once},
    support::*,
    visit_helpers::{note, outcome_origin, schedule_once, service_of, visit},
};
use hearth::entities::{activity_history, activity_text, agency, child};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The sentence of the one conflict view (`views::conflict`), written out here by hand.
const MEANWHILE: &str = "Someone saved this meanwhile, so nothing was overwritten.";

type Fields = Vec<(&'static str, String)>;

/// What the races saw, counted across the five record types.
#[derive(Default)]
struct Tally {
    types: u32,
    races: u32,
    lost: u32,
    views: u32,
}

impl Tally {
    /// Two forms sent at the same moment. Returns the winner's index and the loser's page, or
    /// `None` (one lost update) when both were accepted and one wrote over the other.
    async fn race(&mut self, a: Post<'_>, b: Post<'_>) -> Option<(usize, String)> {
        self.races += 1;
        let answers = at_once(vec![a, b]).await;
        let statuses = (answers[0].0, answers[1].0);
        let winner = match statuses {
            (StatusCode::SEE_OTHER, StatusCode::CONFLICT) => 0,
            (StatusCode::CONFLICT, StatusCode::SEE_OTHER) => 1,
            (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER) => {
                self.lost += 1;
                return None;
            }
            other => panic!("answered {other:?}: {answers:?}"),
        };
        let html = answers[1 - winner].1.clone();
        assert!(html.contains(MEANWHILE), "no conflict view: {html}");
        self.views += 1;
        Some((winner, html))
    }

    /// A form opened before a save, sent after it: the conflict view, or (counted as a lost
    /// update) accepted over the save.
    async fn stale(&mut self, b: &Browser, path: &str, fields: &Fields) -> Option<String> {
        self.races += 1;
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = b.post(path, &refs).await;
        match res.status() {
            StatusCode::CONFLICT => {
                let html = res.text().await.unwrap();
                assert!(html.contains(MEANWHILE), "no conflict view: {html}");
                self.views += 1;
                Some(html)
            }
            StatusCode::SEE_OTHER => {
                self.lost += 1;
                None
            }
            other => panic!("a stale submit answered {other}"),
        }
    }

    /// Counts a lost update when the stored value is not the one expected.
    fn stored(&mut self, what: &str, stored: &str, expected: &str) {
        if stored != expected {
            eprintln!("{what}: stored {stored:?}, expected {expected:?}");
            self.lost += 1;
        }
    }
}

/// The version in the form `selector` finds on the page at `path`, as `b` loads it.
async fn version_on(b: &Browser, path: &str, selector: &str) -> String {
    let (status, html) = b.page(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    first_attr(&html, selector, "value").expect("the form carries its version")
}

/// Both editors load the form; they must see the same version.
async fn both_load(a: &Browser, b: &Browser, path: &str, selector: &str) -> String {
    let va = version_on(a, path, selector).await;
    assert_eq!(version_on(b, path, selector).await, va);
    va
}

fn with(mut f: Fields, key: &'static str, value: &str) -> Fields {
    f.retain(|(k, _)| *k != key);
    f.push((key, value.to_owned()));
    f
}

fn rows(html: &str) -> Vec<String> {
    texts(html, "div.dup tbody tr")
}

async fn a_child(app: &TestApp, t: &mut Tally) {
    t.types += 1;
    let kid = child_named(app, "Ava").await;
    let path = format!("/children/{}/edit", kid.id);
    let eds = [
        app.signed_in(COORDINATOR).await,
        app.signed_in(SUPERVISOR).await,
    ];
    let v = both_load(&eds[0], &eds[1], &path, "input[name=version]").await;
    let form = |first: &str, v: &str| -> Fields {
        vec![
            ("first_name", first.into()),
            ("last_name", kid.last_name.clone()),
            ("date_of_birth", kid.date_of_birth.to_string()),
            ("gestational_weeks", String::new()),
            ("sex", String::new()),
            ("version", v.into()),
        ]
    };
    let typed = ["Avery", "Ava-Grace"];
    let Some((w, html)) = t
        .race(
            (&eds[0], path.clone(), form(typed[0], &v)),
            (&eds[1], path.clone(), form(typed[1], &v)),
        )
        .await
    else {
        return;
    };
    let now = child::Entity::find_by_id(kid.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    t.stored("child", &now.first_name, typed[w]);
    assert_eq!(now.version, kid.version + 1);
    assert_eq!(
        first_attr(&html, "#f-first_name", "value").as_deref(),
        Some(typed[1 - w]),
        "the loser's typing is kept"
    );
    assert!(
        rows(&html)
            .iter()
            .any(|r| r.contains(typed[w]) && r.contains(typed[1 - w]))
    );
    // The loser's first form, sent again: still from the old version.
    let html = t
        .stale(&eds[1 - w], &path, &form("Ava-Marie", &v))
        .await
        .unwrap_or_default();
    assert_eq!(
        first_attr(&html, "#f-first_name", "value").as_deref(),
        Some("Ava-Marie")
    );
    let after = child::Entity::find_by_id(kid.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    t.stored("child after a stale submit", &after.first_name, typed[w]);
    assert_eq!(after.version, kid.version + 1);
}

async fn a_plan_draft(app: &TestApp, t: &mut Tally) {
    t.types += 1;
    let noah = without_plans(app, "Noah").await;
    let eds = [
        app.signed_in(SUPERVISOR).await,
        app.signed_in("coordinator2@riverbend.example").await,
    ];
    let res = eds[0]
        .post(&format!("/children/{}/ifsps", noah.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let draft = plans_of(app, noah.id).await[0].clone();
    let path = format!("/ifsps/{}", draft.id);
    let v = both_load(&eds[0], &eds[1], &path, "input[name=version]").await;
    let day = ago(0);
    let form = |who: &str, v: &str| -> Fields {
        narrative("", "", "")
            .into_iter()
            .map(|(k, val)| (k, val.to_owned()))
            .map(|(k, val)| match k {
                "version" => (k, v.to_owned()),
                "meeting_date" => (k, day.clone()),
                "participants" => (k, who.to_owned()),
                _ => (k, val),
            })
            .collect()
    };
    let typed = ["Grace's list", "James's list"];
    let Some((w, html)) = t
        .race(
            (&eds[0], path.clone(), form(typed[0], &v)),
            (&eds[1], path.clone(), form(typed[1], &v)),
        )
        .await
    else {
        return;
    };
    let now = plans_of(app, noah.id).await[0].clone();
    t.stored("plan draft", &now.participants, typed[w]);
    assert_eq!(now.version, draft.version + 1);
    assert_eq!(texts(&html, "#f-participants"), vec![typed[1 - w]]);
    assert!(
        rows(&html)
            .iter()
            .any(|r| r.contains(typed[w]) && r.contains(typed[1 - w]))
    );
    let html = t
        .stale(&eds[1 - w], &path, &form("A stale list", &v))
        .await
        .unwrap_or_default();
    assert_eq!(texts(&html, "#f-participants"), vec!["A stale list"]);
    let after = plans_of(app, noah.id).await[0].clone();
    t.stored("plan after a stale submit", &after.participants, typed[w]);
    assert_eq!(after.version, draft.version + 1);
}

async fn a_visit_note_draft(app: &TestApp, t: &mut Tally) {
    t.types += 1;
    // One provider on two devices.
    let eds = [app.signed_in(PROVIDER).await, app.signed_in(PROVIDER).await];
    let (s, plan) = service_of(app, PROVIDER).await;
    let outcome = outcome_origin(app, plan.id).await;
    let day = ago(1);
    let v0 = schedule_once(&eds[0], app, s.id, &day, "04:00", "30").await;
    let path = format!("/visits/{}", v0.id);
    let v = both_load(
        &eds[0],
        &eds[1],
        &path,
        "form[data-draft-key] input[name=version]",
    )
    .await;
    let form = |tried: &str, v: &str| {
        with(
            with(note(&day, outcome, "save"), "tried", tried),
            "version",
            v,
        )
    };
    let typed = ["Typed on the phone", "Typed on the laptop"];
    let Some((w, html)) = t
        .race(
            (&eds[0], path.clone(), form(typed[0], &v)),
            (&eds[1], path.clone(), form(typed[1], &v)),
        )
        .await
    else {
        return;
    };
    let now = visit(app, v0.id).await;
    t.stored("visit note", &now.tried, typed[w]);
    assert_eq!(now.version, v0.version + 1);
    assert_eq!(texts(&html, "#f-tried"), vec![typed[1 - w]]);
    assert!(
        rows(&html)
            .iter()
            .any(|r| r.contains(typed[w]) && r.contains(typed[1 - w]))
    );
    let html = t
        .stale(&eds[1 - w], &path, &form("Typed on the tablet", &v))
        .await
        .unwrap_or_default();
    assert_eq!(texts(&html, "#f-tried"), vec!["Typed on the tablet"]);
    let after = visit(app, v0.id).await;
    t.stored("visit note after a stale submit", &after.tried, typed[w]);
    assert_eq!(after.version, v0.version + 1);
}

async fn an_agency(app: &TestApp, t: &mut Tally) {
    t.types += 1;
    let a = agency::Entity::find()
        .filter(agency::Column::Name.eq("Riverbend Head Start"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/agencies/{}", a.id);
    let eds = [app.signed_in(COORDINATOR).await, app.signed_in(ADMIN).await];
    let v = both_load(&eds[0], &eds[1], &path, "input[name=version]").await;
    let form = |email: &str, v: &str| -> Fields {
        vec![
            ("name", "Riverbend Head Start".into()),
            ("kind", "head_start".into()),
            ("service_area", "Riverbend".into()),
            ("preferred_channel", "email".into()),
            ("email", email.into()),
            ("active", "yes".into()),
            ("version", v.into()),
        ]
    };
    let typed = ["first@hs.example", "second@hs.example"];
    let Some((w, html)) = t
        .race(
            (&eds[0], path.clone(), form(typed[0], &v)),
            (&eds[1], path.clone(), form(typed[1], &v)),
        )
        .await
    else {
        return;
    };
    let now = agency::Entity::find_by_id(a.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    t.stored("agency", &now.email, typed[w]);
    assert_eq!(now.version, a.version + 1);
    assert_eq!(
        first_attr(&html, "#f-email", "value").as_deref(),
        Some(typed[1 - w])
    );
    assert!(
        rows(&html)
            .iter()
            .any(|r| r.starts_with("E-mail") && r.contains(typed[w]) && r.contains(typed[1 - w])),
        "{:?}",
        rows(&html)
    );
    let html = t
        .stale(&eds[1 - w], &path, &form("third@hs.example", &v))
        .await
        .unwrap_or_default();
    assert_eq!(
        first_attr(&html, "#f-email", "value").as_deref(),
        Some("third@hs.example")
    );
    let after = agency::Entity::find_by_id(a.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    t.stored("agency after a stale submit", &after.email, typed[w]);
    assert_eq!(after.version, a.version + 1);
}

#[tokio::test]
async fn two_editors_at_once_on_each_editable_record_lose_no_update() {
    let app = TestApp::spawn().await;
    let mut t = Tally::default();
    a_child(&app, &mut t).await;
    a_plan_draft(&app, &mut t).await;
    a_visit_note_draft(&app, &mut t).await;
    an_agency(&app, &mut t).await;
    library::an_activity(&app, &mut t).await;
    println!(
        "concurrent edits: {} record types, {} races ({} at the same moment, {} stale submits), {} lost updates, {} conflict views",
        t.types,
        t.races,
        t.types,
        t.races - t.types,
        t.lost,
        t.views
    );
    assert_eq!((t.types, t.races, t.lost, t.views), (5, 10, 0, 10));
}
