//! The guards the commands of activities, packets and the family page put in their updates,
//! each seen failing on the code before: a stale activity edit is answered with what is
//! saved; "we tried it", stopping e-mail, an agency's acknowledgement, a publish and a share
//! from the child page, each sent several times at once, count once. A share at a visit and
//! the transition steps raced only on PostgreSQL (SQLite's writer lock held them). Staff
//! feedback is saved over the text its form showed, not over a line the family added since.
use crate::{
    family_links::*, lost_updates::at_once, note_helpers::*, support::*,
    transition_helpers::at_120_days, visit_helpers::*,
};
use hearth::entities::{
    activity, activity_share, agency, child, consent, ifsp, outbox, transition_step,
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

fn activity_fields(title: &str, version: &str) -> Vec<(&'static str, String)> {
    [
        ("domains", "communication"),
        ("routines", "bath"),
        ("cos_outcome", "B"),
        ("age_min", "12"),
        ("age_max", "24"),
        ("en_summary", "Name what splashes."),
        ("en_materials", "Cups"),
        ("en_steps", "Pour\nWait\nName it"),
        ("en_adapt", "Use one cup."),
        ("en_watch_for", "Says 'splash'."),
        ("en_safety", "Stay beside the tub."),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .chain([
        ("en_title", title.to_owned()),
        ("version", version.to_owned()),
    ])
    .collect()
}

async fn new_activity(b: &Browser) -> i32 {
    let f = activity_fields("Splash and say", "1");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = b.post("/activities", &f).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res)
        .trim_start_matches("/activities/")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_stale_activity_edit_is_a_conflict_that_shows_what_is_saved() {
    let app = TestApp::spawn().await;
    let maria = app.signed_in(COORDINATOR).await;
    let james = app.signed_in("coordinator2@riverbend.example").await;
    let id = new_activity(&maria).await;
    let path = format!("/activities/{id}");
    // Both opened version 1; Maria saves first.
    let mine = activity_fields("Splash, pour and say", "1");
    let mine: Vec<(&str, &str)> = mine.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        maria.post(&path, &mine).await.status(),
        StatusCode::SEE_OTHER
    );
    let theirs = activity_fields("Bath songs", "1");
    let theirs: Vec<(&str, &str)> = theirs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = james.post(&path, &theirs).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    // The one conflict view: what is saved now beside what James typed.
    assert!(
        texts(&html, "div.dup tbody tr")
            .iter()
            .any(|r| r.contains("Splash, pour and say") && r.contains("Bath songs")),
        "{html}"
    );
    // James's entry is still in the form, now over version 2, to save again.
    assert_eq!(
        first_attr(&html, "input[name=en_title]", "value").as_deref(),
        Some("Bath songs")
    );
    assert_eq!(
        first_attr(&html, "input[name=version]", "value").as_deref(),
        Some("2")
    );
    let a = activity::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.version, 2);
    assert_eq!(app.audit_rows("activity.edited").await.len(), 1);
}

#[tokio::test]
async fn two_admins_publishing_at_once_publish_once() {
    let app = TestApp::spawn().await;
    let id = new_activity(&app.signed_in(COORDINATOR).await).await;
    let admins = [app.signed_in(ADMIN).await, app.signed_in(ADMIN).await];
    let path = format!("/activities/{id}/publish");
    let answers = at_once(
        admins
            .iter()
            .map(|b| (b, path.clone(), Vec::new()))
            .collect(),
    )
    .await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER));
    assert_eq!(app.audit_rows("activity.published").await.len(), 1);
}

#[tokio::test]
async fn the_same_activity_shared_from_the_child_page_at_once_is_shared_once() {
    let app = TestApp::spawn().await;
    let visits = signed_visits(&app, PROVIDER).await;
    let child = visits[0].child_id;
    let b = app.signed_in(PROVIDER).await;
    let (_, html) = b.page(&format!("/children/{child}")).await;
    let id = first_attr(&html, "#activities form input[name=activity_id]", "value")
        .expect("a suggestion to share");
    let before = activity_share::Entity::find()
        .filter(activity_share::Column::ChildId.eq(child))
        .all(&app.db)
        .await
        .unwrap()
        .len();
    let path = format!("/children/{child}/activities");
    let fields = vec![("activity_id", id.clone()), ("outcome", String::new())];
    let answers = at_once((0..6).map(|_| (&b, path.clone(), fields.clone())).collect()).await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER));
    let after = activity_share::Entity::find()
        .filter(activity_share::Column::ChildId.eq(child))
        .all(&app.db)
        .await
        .unwrap()
        .len();
    assert_eq!(after, before + 1);
    assert_eq!(app.audit_rows("activity.shared").await.len(), 1);
}

#[tokio::test]
async fn we_tried_it_pressed_several_times_at_once_is_said_once() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await[0].clone();
    let a = published(&app).await.remove(0);
    let s = share(&app, &v, a.id).await;
    let f = family(&app, &note_link(&app, &v, "a@family.example").await).await;
    let path = format!("/family/shares/{}/tried", s.id);
    let fields = vec![("comment", "She loved the bubbles".to_owned())];
    let answers = at_once((0..6).map(|_| (&f, path.clone(), fields.clone())).collect()).await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER));
    let after = activity_share::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.family_feedback.lines().count(), 1, "{after:?}");
    assert!(after.family_feedback.ends_with(": She loved the bubbles"));
    assert_eq!(app.audit_rows("family.activity_tried").await.len(), 1);
    // Something new said later is added, not written over.
    let res = f.post(&path, &[("comment", "And the cups")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = activity_share::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.family_feedback.lines().count(), 2, "{after:?}");
    assert_eq!(app.audit_rows("family.activity_tried").await.len(), 2);
}

#[tokio::test]
async fn stop_email_pressed_several_times_at_once_revokes_once() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await[0].clone();
    let f = family(&app, &note_link(&app, &v, "a@family.example").await).await;
    let before = app.audit_rows("consent.revoked").await.len();
    let answers = at_once(
        (0..6)
            .map(|_| (&f, "/family/email/stop".to_owned(), Vec::new()))
            .collect(),
    )
    .await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER));
    let rows = app.audit_rows("consent.revoked").await;
    assert_eq!(rows.len(), before + 1);
    let email = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(v.child_id))
        .filter(consent::Column::Kind.eq(consent::Kind::Email))
        .all(&app.db)
        .await
        .unwrap();
    assert!(email.iter().all(|k| k.revoked_on.is_some()));
}

const DISTRICT: &str = "Riverbend Area School District — Early Childhood Special Education";

/// A browser holding an agency session for a packet sent for the child of `v`.
async fn agency_session(app: &TestApp, child: i32) -> Browser {
    let b = app.signed_in(ADMIN).await;
    let district = agency::Entity::find()
        .filter(agency::Column::Name.eq(DISTRICT))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = b
        .post(
            &format!("/children/{child}/consents"),
            &[
                ("kind", "release_of_information"),
                ("agency", "other"),
                ("given", "yes"),
                ("decided_on", "2026-01-01"),
                ("decided_by", "Parent"),
                ("agency_name", DISTRICT),
                ("purpose", "Transition to preschool"),
                ("records", "ifsp"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b
        .post(
            &format!("/children/{child}/packets"),
            &[
                ("agency_id", &district.id.to_string()),
                ("documents", "ifsp"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let m = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(outbox::Kind::ReferralPacket))
        .filter(outbox::Column::ChildId.eq(child))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let link = m
        .text_body
        .split_whitespace()
        .find(|w| w.contains("/agency/open/"))
        .unwrap();
    let path = &link[link.find("/agency/open/").unwrap()..];
    let agency = app.browser();
    assert_eq!(agency.post(path, &[]).await.status(), StatusCode::SEE_OTHER);
    agency
}

#[tokio::test]
async fn two_acknowledgements_of_a_packet_at_once_are_one() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await[0].clone();
    let agency = agency_session(&app, v.child_id).await;
    let path = "/agency/packet/acknowledge".to_owned();
    let answers = at_once(
        (0..4)
            .map(|_| (&agency, path.clone(), Vec::new()))
            .collect(),
    )
    .await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER));
    assert_eq!(app.audit_rows("packet.acknowledged").await.len(), 1);
    // Pressed again later: still acknowledged once.
    agency.post(&path, &[]).await;
    assert_eq!(app.audit_rows("packet.acknowledged").await.len(), 1);
}

#[tokio::test]
async fn the_same_activity_shared_at_a_visit_at_once_is_shared_once() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, _) = service_of(&app, PROVIDER).await;
    let v = schedule_once(&b, &app, s.id, &ago(1), "05:00", "60").await;
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    let choice =
        first_attr(&html, "input[name=activity_ids]", "value").expect("activities for this age");
    let path = format!("/visits/{}/activities", v.id);
    let fields = vec![("activity_id", choice), ("outcome", String::new())];
    let answers = at_once((0..6).map(|_| (&b, path.clone(), fields.clone())).collect()).await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER));
    let shares = activity_share::Entity::find()
        .filter(activity_share::Column::VisitId.eq(v.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(app.audit_rows("activity.shared").await.len(), 1);
}

#[tokio::test]
async fn transition_steps_saved_several_times_at_once_keep_one_row_per_step() {
    let app = TestApp::spawn().await;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let c = child::Entity::find_by_id(plan.child_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let c = at_120_days(&app, c).await;
    let mut m: ifsp::ActiveModel = plan.clone().into();
    m.transition_steps = Set("- Visit the preschool\n- Send records with consent\n".into());
    // A signed plan: set as its owner could, with the immutability triggers lifted.
    let (txn, guards) = crate::audit_integrity::lift(&app.db).await;
    m.update(&txn).await.unwrap();
    crate::audit_integrity::restore(txn, guards).await;
    let b = app.signed_in(ADMIN).await;
    let path = format!("/children/{}/transition/steps", c.id);
    let posts = (0..6)
        .map(|_| {
            let done = vec![("done_1", ago(3)), ("done_2", String::new())];
            (&b, path.clone(), done)
        })
        .collect();
    let answers = at_once(posts).await;
    assert!(
        answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER),
        "{answers:?}"
    );
    let rows = transition_step::Entity::find()
        .filter(transition_step::Column::IfspId.eq(plan.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
}

#[tokio::test]
async fn staff_saving_feedback_over_a_line_the_family_added_meanwhile_loses_nothing() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await[0].clone();
    let a = published(&app).await.remove(0);
    let s = share(&app, &v, a.id).await;
    let staff = app.signed_in(PROVIDER).await;
    // The provider's page shows the share with nothing said yet...
    let (_, html) = staff.page(&format!("/children/{}", v.child_id)).await;
    assert!(html.contains(&format!("action=\"/shares/{}/feedback\"", s.id)));
    // ...then the family says something from their page...
    let f = family(&app, &note_link(&app, &v, "a@family.example").await).await;
    let res = f
        .post(
            &format!("/family/shares/{}/tried", s.id),
            &[("comment", "She loved the bubbles")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // ...and the provider saves the form as it was shown.
    let res = staff
        .post(
            &format!("/shares/{}/feedback", s.id),
            &[("feedback", "Mum says it worked"), ("seen", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = activity_share::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        after.family_feedback.ends_with(": She loved the bubbles"),
        "{after:?}"
    );
    assert!(app.audit_rows("activity.feedback").await.is_empty());
    let (_, html) = staff.page(&format!("/children/{}", v.child_id)).await;
    assert!(html.contains("Nothing was overwritten"));
    // Saved again over what is shown now, with both lines (as a browser sends them): kept.
    let seen = after.family_feedback.replace('\n', "\r\n");
    let both = format!("{seen}\r\nMum says it worked");
    let res = staff
        .post(
            &format!("/shares/{}/feedback", s.id),
            &[("feedback", &both), ("seen", &seen)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = activity_share::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.family_feedback.lines().count(), 2, "{after:?}");
    assert!(after.family_feedback.ends_with("\nMum says it worked"));
}
