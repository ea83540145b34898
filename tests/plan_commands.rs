//! The guards the plan commands put in their updates, each seen failing on the code before
//! them: requests fired at the same moment, then the rows counted.
use crate::{ifsp_helpers::*, lost_updates::at_once, support::*};
use hearth::entities::{
    child, cos_rating, ifsp, ifsp_outcome, ifsp_service, ifsp_signature, outbox,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};

const AT_ONCE: usize = 4;

fn owned(fields: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    fields.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// Noah's first plan written up to the signatures: narrative, one outcome, one consented
/// service. Returns the draft's id and the meeting date.
async fn ready_to_sign(app: &TestApp, b: &Browser, kid: &child::Model) -> (i32, String) {
    let res = b.post(&format!("/children/{}/ifsps", kid.id), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = plans_of(app, kid.id).await.last().unwrap().id;
    let (_, html) = b.page(&format!("/ifsps/{id}")).await;
    let version = first_attr(&html, "input[name=version]", "value").unwrap();
    let meeting = ago(1);
    let res = b
        .post(
            &format!("/ifsps/{id}"),
            &narrative(&version, &meeting, "Keisha Williams (mother)"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b.post(&format!("/ifsps/{id}/outcomes"), &OUTCOME).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_owned(b, &format!("/ifsps/{id}/services"), &service("home", "")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sid = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let res = b
        .post(
            &format!("/ifsps/{id}/services/{sid}/consent"),
            &[("given", "yes"), ("consent_date", &meeting)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    (id, meeting)
}

fn signatures(meeting: &str) -> Vec<(&'static str, String)> {
    owned(&[
        ("parent_name", "Keisha Williams"),
        ("parent_signed_on", meeting),
        ("parent_method", "in_person"),
        ("coordinator_name", "James Chen"),
        ("coordinator_signed_on", &ago(0)),
    ])
}

fn statuses(answers: &[(StatusCode, String)]) -> Vec<StatusCode> {
    answers.iter().map(|(s, _)| *s).collect()
}

/// Before: every one of the signings was written (eight signatures, four `ifsp.signed` rows,
/// the plan superseded by itself and signed again). Now "still a draft" is the update's
/// condition: one signs, the others are told the plan is signed.
#[tokio::test]
async fn signatures_completing_the_plan_at_once_sign_it_once() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let noah = without_plans(&app, "Noah").await;
    let (id, meeting) = ready_to_sign(&app, &sup, &noah).await;
    let posts = (0..AT_ONCE)
        .map(|_| (&sup, format!("/ifsps/{id}/sign"), signatures(&meeting)))
        .collect();
    let answers = at_once(posts).await;
    let s = statuses(&answers);
    assert_eq!(
        s.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(),
        1,
        "{s:?}"
    );
    assert_eq!(
        s.iter().filter(|s| **s == StatusCode::CONFLICT).count(),
        AT_ONCE - 1,
        "{s:?}"
    );
    let sigs = ifsp_signature::Entity::find()
        .filter(ifsp_signature::Column::IfspId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(sigs, 2, "one parent and one coordinator signature");
    assert_eq!(app.audit_rows("ifsp.signed").await.len(), 1);
    let plans = plans_of(&app, noah.id).await;
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].status, ifsp::Status::Signed);
}

/// Before: each of the starts found no draft and made one (up to four drafts of one child's
/// plan, then two "current" plans once both were signed). Now the child is held for the
/// change and the look for a draft is inside it: one draft, the others sent to it.
#[tokio::test]
async fn drafts_started_at_once_make_one_draft() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let noah = without_plans(&app, "Noah").await;
    let path = format!("/children/{}/ifsps", noah.id);
    let answers = at_once((0..AT_ONCE).map(|_| (&sup, path.clone(), vec![])).collect()).await;
    assert!(
        statuses(&answers)
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER),
        "{:?}",
        statuses(&answers)
    );
    let plans = plans_of(&app, noah.id).await;
    assert_eq!(plans.len(), 1, "one draft: {plans:?}");
    assert_eq!(app.audit_rows("ifsp.draft_started").await.len(), 1);
}

/// Before: an outcome whose request had found the plan a draft was added after the
/// signature had locked it. Now every part change first bumps the draft's version under
/// "still a draft", and the signing is "still a draft at the version checked": an outcome is
/// added before the signing (which is then refused as out of date) or refused itself.
#[tokio::test]
async fn an_outcome_added_while_the_plan_is_signed_is_refused() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let noah = without_plans(&app, "Noah").await;
    let (id, meeting) = ready_to_sign(&app, &sup, &noah).await;
    let mut posts = vec![(&sup, format!("/ifsps/{id}/sign"), signatures(&meeting))];
    for _ in 0..6 {
        posts.push((&sup, format!("/ifsps/{id}/outcomes"), owned(&OUTCOME)));
    }
    let answers = at_once(posts).await;
    // The signing may itself be refused: an outcome added after the plan was checked as
    // ready makes the check out of date.
    assert!(
        [StatusCode::SEE_OTHER, StatusCode::CONFLICT].contains(&answers[0].0),
        "{}",
        answers[0].1
    );
    if answers[0].0 == StatusCode::CONFLICT {
        assert!(
            answers[0]
                .1
                .contains("The plan changed while you were signing it")
        );
    }
    let added = answers[1..]
        .iter()
        .filter(|(s, _)| *s == StatusCode::SEE_OTHER)
        .count();
    for (s, body) in &answers[1..] {
        assert!(
            *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT,
            "{s}: {body}"
        );
    }
    let outcomes = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(outcomes as usize, 1 + added);
    let signed = app.audit_rows("ifsp.signed").await;
    assert_eq!(
        signed.len(),
        usize::from(answers[0].0 == StatusCode::SEE_OTHER)
    );
    for s in &signed {
        for a in app.audit_rows("ifsp.outcome_added").await {
            assert!(
                a.id < s.id,
                "an outcome was added after the plan was signed"
            );
        }
    }
}

/// Before: two entry ratings at once both passed the look for ratings and the second insert
/// hit the unique index: a 500. Now the index's answer is the field error.
#[tokio::test]
async fn entry_ratings_recorded_twice_at_once_are_one_row_and_a_field_error() {
    let app = TestApp::spawn().await;
    let kid = child_named(&app, "Sofía").await;
    let coord = app.signed_in(COORDINATOR).await;
    let entry_on = ago(30);
    let fields = owned(&[
        ("phase", "entry"),
        ("rated_on", &entry_on),
        ("rating_a", "5"),
        ("rating_b", "3"),
        ("rating_c", "6"),
        ("team", "Ana Martínez, Maria López"),
    ]);
    let path = format!("/children/{}/cos", kid.id);
    let answers = at_once(
        (0..AT_ONCE)
            .map(|_| (&coord, path.clone(), fields.clone()))
            .collect(),
    )
    .await;
    let s = statuses(&answers);
    assert_eq!(
        s.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(),
        1,
        "{s:?}"
    );
    for (s, body) in &answers {
        if *s != StatusCode::SEE_OTHER {
            assert_eq!(*s, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(body.contains("These ratings are already recorded for this child."));
        }
    }
    let rows = cos_rating::Entity::find()
        .filter(cos_rating::Column::ChildId.eq(kid.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

/// A provider's signed visit whose coaching note went to one caregiver, its one outbox row
/// set to `status`; the path of that delivery's "send again" button.
async fn one_delivery(
    status: outbox::Status,
) -> (TestApp, Browser, hearth::entities::visit::Model, String) {
    use crate::note_helpers::*;
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    primary_caregiver(&app, &c, "one@family.example", hearth::i18n::Lang::En).await;
    let b = app.signed_in(PROVIDER).await;
    assert_eq!(
        send_note(&b, v.id, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let row = outbox_of(&app, v.id).await.remove(0);
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(status))
        .filter(outbox::Column::Id.eq(row.id))
        .exec(&app.db)
        .await
        .unwrap();
    let path = format!("/visits/{}/family-note/deliveries/{}", v.id, row.id);
    (app, b, v, path)
}

/// Before: a failed delivery resent from two pages at once was queued once but each resend
/// answered "queued again" and wrote its own `coaching_note.resent` row. Now the retry's
/// "still failed" condition decides: one resend, the other told it is on its way.
#[tokio::test]
async fn a_failed_delivery_resent_at_once_is_resent_once() {
    use crate::note_helpers::outbox_of;
    let (app, b, v, path) = one_delivery(outbox::Status::Failed).await;
    let answers = at_once((0..AT_ONCE).map(|_| (&b, path.clone(), vec![])).collect()).await;
    assert!(
        statuses(&answers)
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER)
    );
    assert_eq!(app.audit_rows("coaching_note.resent").await.len(), 1);
    let rows = outbox_of(&app, v.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, outbox::Status::Queued);
}

/// Before: "send again" on a delivered message, pressed on four pages at once, queued four
/// new messages to the family. Now the note is held for the change and a fresh message to
/// that caregiver already on its way is the answer: one new message.
#[tokio::test]
async fn a_delivered_message_sent_again_at_once_is_sent_again_once() {
    use crate::note_helpers::outbox_of;
    let (app, b, v, path) = one_delivery(outbox::Status::Sent).await;
    let answers = at_once((0..AT_ONCE).map(|_| (&b, path.clone(), vec![])).collect()).await;
    assert!(
        statuses(&answers)
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER)
    );
    let rows = outbox_of(&app, v.id).await;
    assert_eq!(rows.len(), 2, "the delivered message and one new one");
    assert_eq!(app.audit_rows("coaching_note.resent").await.len(), 1);
}

/// Before (on PostgreSQL): four "create a link" presses at once each revoked the links they
/// could see and added one, leaving several live links. Now the user's row is claimed first:
/// one live link.
#[tokio::test]
async fn calendar_links_made_at_once_leave_one_live_link() {
    use hearth::entities::calendar_feed;
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let answers = at_once(
        (0..AT_ONCE)
            .map(|_| (&b, "/calendar".to_owned(), vec![]))
            .collect(),
    )
    .await;
    assert!(
        statuses(&answers).iter().all(|s| *s == StatusCode::OK),
        "{:?}",
        statuses(&answers)
    );
    let live = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::UserId.eq(app.user_id(PROVIDER).await))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(live, 1);
}

/// The other order of the race above, made certain by calling the commands directly: a
/// request that found the plan a draft reaches its change after the plan was signed. Before
/// (the insert, then an unconditional version bump), the outcome was added to the signed
/// plan and the consent rewritten; now each is `NotDraft` and nothing is written.
#[tokio::test]
async fn a_part_change_that_reaches_a_plan_signed_meanwhile_writes_nothing() {
    use hearth::{
        audit::Actor,
        ifsp::commands::{self, PlanError},
    };
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, id) = signed_initial_plan(&app, &sup).await;
    let plan = hearth::ifsp::model::load(&app.db, id)
        .await
        .unwrap()
        .unwrap();
    let mut o: ifsp_outcome::ActiveModel = plan.outcomes[0].clone().into();
    o.id = sea_orm::ActiveValue::NotSet;
    let added = commands::add_outcome(&app.db, Actor::default(), id, None, o).await;
    assert!(matches!(added, Err(PlanError::NotDraft)), "{added:?}");
    let sid = plan.services[0].id;
    let on = today();
    let consent =
        commands::service_consent(&app.db, Actor::default(), id, None, sid, false, on).await;
    assert!(matches!(consent, Err(PlanError::NotDraft)), "{consent:?}");
    let after = hearth::ifsp::model::load(&app.db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.outcomes.len(), 1);
    assert_eq!(after.services[0].consent_given, Some(true));
    assert_eq!(after.ifsp.version, plan.ifsp.version);
}
