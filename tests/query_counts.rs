//! A page's cost follows what it shows, not how much the record holds: the child page sends
//! the same number of statements for a child with a few visits, plans and shared activities
//! as for one with many more; a child record's small forms read only what they show. (A
//! program's pages and dashboard against its size: `query_counts_program.rs`.)
use crate::support::*;
use chrono::Duration;
use hearth::entities::{
    activity, activity_share, evaluation, ifsp, ifsp_outcome, ifsp_service, visit,
};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

/// Gives the child 40 more delivered visits, three more (superseded) plan versions with their
/// outcomes and services, and 20 more shared activities.
async fn grow(app: &TestApp, child_id: i32) {
    let v = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(child_id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a delivered visit");
    for i in 1..=40 {
        let mut m = v.clone().into_active_model();
        m.id = NotSet;
        m.starts_at = Set(v.starts_at - Duration::days(400 + i));
        m.ends_at = Set(v.ends_at - Duration::days(400 + i));
        m.insert(&app.db).await.unwrap();
    }
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(child_id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a signed plan");
    for _ in 0..3 {
        let mut p = plan.clone().into_active_model();
        p.id = NotSet;
        p.status = Set(ifsp::Status::Superseded);
        let copy = p.insert(&app.db).await.unwrap();
        for o in ifsp_outcome::Entity::find()
            .filter(ifsp_outcome::Column::IfspId.eq(plan.id))
            .all(&app.db)
            .await
            .unwrap()
        {
            let mut m = o.into_active_model();
            m.id = NotSet;
            m.ifsp_id = Set(copy.id);
            m.insert(&app.db).await.unwrap();
        }
        for s in ifsp_service::Entity::find()
            .filter(ifsp_service::Column::IfspId.eq(plan.id))
            .all(&app.db)
            .await
            .unwrap()
        {
            let mut m = s.into_active_model();
            m.id = NotSet;
            m.ifsp_id = Set(copy.id);
            m.insert(&app.db).await.unwrap();
        }
    }
    let activities = activity::Entity::find()
        .filter(activity::Column::Status.eq(activity::Status::Published))
        .all(&app.db)
        .await
        .unwrap();
    for a in activities.iter().take(20) {
        activity_share::ActiveModel {
            activity_id: Set(a.id),
            child_id: Set(child_id),
            visit_id: Set(Some(v.id)),
            outcome_origin: Set(None),
            shared_by: Set(v.provider_id),
            shared_on: Set(v.starts_at.date()),
            family_feedback: Set("We tried it at bath time.".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
}

/// The statements each page sends, for the pages that show this child's record.
async fn costs(app: &TestApp, b: &Browser, paths: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for path in paths {
        // Warm up first: the first request prepares statements and reads the program's rules.
        assert_eq!(b.page(path).await.0, StatusCode::OK, "{path}");
        let ((status, html), n) = app.queries_during(b.page(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        out.push((path.clone(), n, html.len()));
    }
    out
}

#[tokio::test]
async fn pages_of_a_child_cost_the_same_however_long_the_record() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(SUPERVISOR).await;
    let noah = child_named(&app, "Noah").await;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(noah.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let paths = [
        format!("/children/{}", noah.id),
        format!("/children/{}/transition", noah.id),
        format!("/ifsps/{}", plan.id),
        "/caseload".to_owned(),
    ];
    let before = costs(&app, &b, &paths).await;
    grow(&app, noah.id).await;
    let after = costs(&app, &b, &paths).await;
    assert!(after[0].2 > before[0].2, "the child page shows more");
    for ((path, was, _), (_, now, _)) in before.iter().zip(&after) {
        assert_eq!(
            was, now,
            "{path} sent {was} statements before and {now} after the record grew"
        );
    }
}

/// A form sent with a mistake: its path under the child, its fields, the statements expected.
type Refused<'a> = (&'a str, &'a [(&'a str, &'a str)], usize);

/// Sends a form with an already fetched CSRF token, so only the post itself is counted.
async fn post_counted(
    app: &TestApp,
    b: &Browser,
    token: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, usize) {
    let mut all = fields.to_vec();
    all.push(("_csrf", token));
    let (res, n) = app
        .queries_during(b.client.post(b.url(path)).form(&all).send())
        .await;
    (res.unwrap().status(), n)
}

/// Each small form of a child's record shows the child's name and the form, so it reads the
/// session, the user with the program, and the child: three statements. The consent form
/// adds the caregiver it names as the parent who decided; the evaluation and the decision
/// the referral or evaluation their dates are checked against; a saved edit, the day of
/// the first referral. None reads the whole case (a dozen statements and more).
#[tokio::test]
async fn the_small_forms_of_a_childs_record_read_only_what_they_show() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(SUPERVISOR).await;
    let liam = child_named(&app, "Liam").await;
    let ev = evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(liam.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let at = |p: &str| format!("/children/{}{p}", liam.id);
    let pages = [
        ("/caregivers/new", 3),
        // The release form offers the directory: one statement for the program's agencies.
        ("/consents/new", 5),
        ("/delays/new", 3),
        ("/evaluations/new", 3),
        ("/edit", 3),
        ("/exit", 3),
    ];
    for (p, expected) in pages {
        // Warm up first: the first request prepares statements.
        assert_eq!(b.page(&at(p)).await.0, StatusCode::OK, "{p}");
        let ((status, _), n) = app.queries_during(b.page(&at(p))).await;
        assert_eq!(status, StatusCode::OK, "{p}");
        assert_eq!(n, expected, "{p} sent {n} statements");
    }
    // Each form sent with a mistake: shown again with the error, reading no more.
    let token = b.csrf().await;
    let decision = format!("/evaluations/{}/decision", ev.id);
    let refused: [Refused; 6] = [
        ("/caregivers", &[("caregiver_name", "")], 3),
        // Shown again with the directory's agencies to choose from: one statement more.
        ("/consents", &[("kind", "")], 4),
        ("/delays", &[("reason", "")], 3),
        ("/evaluations", &[("evaluated_on", "")], 4),
        (&decision, &[("decision", "")], 4),
        ("/edit", &[("first_name", "")], 4),
    ];
    for (p, fields, expected) in refused {
        post_counted(&app, &b, &token, &at(p), fields).await;
        let (status, n) = post_counted(&app, &b, &token, &at(p), fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        assert_eq!(n, expected, "{p} sent {n} statements");
    }
}
