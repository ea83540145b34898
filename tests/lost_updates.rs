//! No lost updates: a change to a child computed from an older read is refused, not written
//! over what someone saved in between; two confirmations of one evaluation: one wins; a
//! consent revoked from several pages at once is revoked once.
use crate::support::*;
use hearth::entities::{child, consent, evaluation};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

/// A form to send: the browser, the path and the fields.
pub(crate) type Post<'a> = (&'a Browser, String, Vec<(&'static str, String)>);

/// Sends the forms from their browsers at the same moment; returns each status and body.
pub(crate) async fn at_once(posts: Vec<Post<'_>>) -> Vec<(StatusCode, String)> {
    let mut tasks = Vec::new();
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(posts.len()));
    for (b, path, mut fields) in posts {
        fields.push(("_csrf", b.csrf().await));
        let req = b.client.post(b.url(&path)).form(&fields);
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let res = req.send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// The flash message a browser sees on its next page.
pub(crate) async fn flash(b: &Browser, path: &str) -> String {
    let (_, html) = b.page(path).await;
    texts(&html, "[role=status]").join(" ")
}

#[tokio::test]
async fn a_change_computed_from_an_older_read_is_refused_not_written_over() {
    use hearth::children::records::bump;
    let app = TestApp::spawn().await;
    // Read before anyone saves: Noah is active.
    let noah = child_named(&app, "Noah").await;
    assert_eq!(noah.status, child::Status::Active);
    let coord = app.signed_in("coordinator2@riverbend.example").await;
    let res = coord
        .post(
            &format!("/children/{}/exit", noah.id),
            &[
                ("exit_category", "moved_out_of_state"),
                ("exit_date", &ago(0)),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A change from the old read must not undo the exit.
    let stale = bump(&app.db, &noah, |m| m.status = Set(child::Status::Active)).await;
    assert!(stale.is_err(), "a stale change was written: {stale:?}");
    let now = child_named(&app, "Noah").await;
    assert_eq!(now.status, child::Status::Exited);
    assert_eq!(
        now.exit_category,
        Some(child::ExitCategory::MovedOutOfState)
    );
    assert_eq!(now.version, noah.version + 1);
}

#[tokio::test]
async fn changes_at_the_same_moment_each_count_once_or_are_refused_calmly() {
    let app = TestApp::spawn().await;
    let ava = child_named(&app, "Ava").await;
    let maria = app.user_id(COORDINATOR).await.to_string();
    let james = app
        .user_id("coordinator2@riverbend.example")
        .await
        .to_string();
    let admins = [app.signed_in(ADMIN).await, app.signed_in(ADMIN).await];
    let path = format!("/children/{}/coordinator", ava.id);
    let posts = (0..8)
        .map(|i| {
            let to = if i % 2 == 0 { &james } else { &maria };
            (
                &admins[i % 2],
                path.clone(),
                vec![("coordinator_id", to.clone())],
            )
        })
        .collect();
    let answers = at_once(posts).await;
    let mut accepted = 0;
    for (status, body) in &answers {
        match *status {
            StatusCode::SEE_OTHER => accepted += 1,
            StatusCode::CONFLICT => {
                assert!(body.contains("Someone else changed this child"), "{body}")
            }
            other => panic!("answered {other}: {body}"),
        }
    }
    assert!(accepted >= 1);
    // Every accepted change moved the version on by one; none was written over another.
    let after = child_named(&app, "Ava").await;
    assert_eq!(after.version, ava.version + accepted);
    assert_eq!(
        app.audit_rows("child.reassigned").await.len(),
        accepted as usize
    );
}

#[tokio::test]
async fn two_confirmations_of_one_evaluation_at_once_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let liam = child_named(&app, "Liam").await;
    let ev = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(liam.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        ev.confirmed_eligible, None,
        "the demo leaves Liam's unconfirmed"
    );
    let coord = app.signed_in(COORDINATOR).await;
    let sup = app.signed_in(SUPERVISOR).await;
    let path = format!("/children/{}/evaluations/{}/decision", liam.id, ev.id);
    let day = ago(0);
    let answers = at_once(vec![
        (
            &coord,
            path.clone(),
            vec![
                ("decision", "eligible".into()),
                ("notice_sent_on", day.clone()),
            ],
        ),
        (
            &sup,
            path.clone(),
            vec![
                ("decision", "not_eligible".into()),
                ("notice_sent_on", day.clone()),
            ],
        ),
    ])
    .await;
    assert!(
        answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER),
        "{answers:?}"
    );
    let child_page = format!("/children/{}", liam.id);
    let said = [
        flash(&coord, &child_page).await,
        flash(&sup, &child_page).await,
    ];
    let won: Vec<bool> = said
        .iter()
        .map(|m| {
            m.contains("Eligible: the initial IFSP")
                || m.contains("Not eligible: prior written notice")
        })
        .collect();
    assert_eq!(won.iter().filter(|w| **w).count(), 1, "{said:?}");
    let lost = &said[if won[0] { 1 } else { 0 }];
    assert!(lost.contains("already confirmed"), "{lost:?}");
    // The rows are the winner's decision, once.
    let ev = evaluation::Entity::find_by_id(ev.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (eligible, status) = if won[0] {
        (true, child::Status::Active)
    } else {
        (false, child::Status::NotEligible)
    };
    assert_eq!(ev.confirmed_eligible, Some(eligible));
    assert_eq!(
        ev.confirmed_by,
        Some(
            app.user_id(if won[0] { COORDINATOR } else { SUPERVISOR })
                .await
        )
    );
    let after = child_named(&app, "Liam").await;
    assert_eq!(after.status, status);
    assert_eq!(after.version, liam.version + 1);
    assert_eq!(app.audit_rows("eligibility.decided").await.len(), 1);

    // A form opened before the decision, sent now: told, nothing changes.
    let res = coord
        .post(
            &path,
            &[("decision", "not_eligible"), ("notice_sent_on", &day)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        flash(&coord, &child_page)
            .await
            .contains("already confirmed")
    );
    assert_eq!(child_named(&app, "Liam").await, after);
    assert_eq!(app.audit_rows("eligibility.decided").await.len(), 1);
}

#[tokio::test]
async fn a_consent_revoked_from_several_pages_at_once_is_revoked_once() {
    let app = TestApp::spawn().await;
    let mateo = child_named(&app, "Mateo").await;
    let coord = app.signed_in(COORDINATOR).await;
    let res = coord
        .post(
            &format!("/children/{}/consents", mateo.id),
            &[
                ("kind", "release_of_information"),
                ("agency", "other"),
                ("given", "yes"),
                ("decided_on", &ago(0)),
                ("decided_by", "Lucía Reyes"),
                ("agency_name", "Riverbend School District"),
                ("records", "ifsp"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let release = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(mateo.id))
        .filter(consent::Column::Kind.eq(consent::Kind::ReleaseOfInformation))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // Eight pages showing the release in force, each sending "Revoke" at the same moment.
    let mut pages = Vec::new();
    for who in [COORDINATOR, SUPERVISOR].repeat(4) {
        pages.push(app.signed_in(who).await);
    }
    let path = format!("/children/{}/consents/{}/revoke", mateo.id, release.id);
    let answers = at_once(
        pages
            .iter()
            .map(|b| (b, path.clone(), Vec::new()))
            .collect(),
    )
    .await;
    assert!(
        answers.iter().all(|(s, _)| *s == StatusCode::SEE_OTHER),
        "{answers:?}"
    );
    let child_page = format!("/children/{}", mateo.id);
    let mut said = Vec::new();
    for b in &pages {
        said.push(flash(b, &child_page).await);
    }
    let revoked = said
        .iter()
        .filter(|m| m.contains("Consent revoked from today."))
        .count();
    let told = said
        .iter()
        .filter(|m| m.contains("That consent is not in force"))
        .count();
    assert_eq!((revoked, told), (1, 7), "{said:?}");
    assert_eq!(app.audit_rows("consent.revoked").await.len(), 1);
    let after = consent::Entity::find_by_id(release.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.revoked_on, Some(today()));
}
