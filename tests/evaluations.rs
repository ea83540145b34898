//! Issue 17: evaluations on the child page have their own element ids, and an evaluation
//! entered by mistake is corrected or withdrawn (reason required, audited, once), after which
//! it stays visible, struck, and no longer counts for eligibility or the clocks.
use crate::support::*;
use hearth::entities::{child, evaluation};
use reqwest::StatusCode;
use scraper::{ElementRef, Html, Selector};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A referral received ten days ago, by the coordinator; returns the child.
async fn referred(app: &TestApp, b: &Browser, first: &str) -> child::Model {
    let (dob, received) = (ago(300), ago(10));
    let res = b
        .post(
            "/children",
            &[
                ("first_name", first),
                ("last_name", "Mistake"),
                ("date_of_birth", &dob),
                ("gestational_weeks", ""),
                ("received_on", &received),
                ("source", "physician"),
                ("concerns", "Not yet babbling"),
                ("caregiver_name", "Ana Mistake"),
                ("relationship", "mother"),
                ("phone", "555-222-9876"),
                ("email", ""),
                ("preferred_contact", "text"),
                ("language", "en"),
                ("county", "Riverbend"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    child_named(app, first).await
}

async fn evaluate(b: &Browser, kid: i32, on: &str, pct: &str) {
    let res = b
        .post(
            &format!("/children/{kid}/evaluations"),
            &[
                ("evaluated_on", on),
                ("tools", "BDI-3"),
                ("communication_pct", pct),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

async fn evaluations(app: &TestApp, kid: i32) -> Vec<evaluation::Model> {
    evaluation::Entity::find()
        .filter(evaluation::Column::ChildId.eq(kid))
        .order_by_asc(evaluation::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn status(app: &TestApp, kid: i32) -> child::Status {
    child::Entity::find_by_id(kid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
}

/// The day eligibility counts from, as the one engine (child page, clocks, C7) reads it.
async fn eligible_on(app: &TestApp, kid: i32) -> Option<chrono::NaiveDate> {
    let c = child::Entity::find_by_id(kid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    hearth::timeline::facts::for_child(&app.db, &c)
        .await
        .unwrap()
        .eligible_on
}

/// A child with one evaluation (30% communication delay) the team found eligible.
async fn found_eligible(app: &TestApp, b: &Browser, first: &str) -> (i32, evaluation::Model) {
    let kid = referred(app, b, first).await.id;
    evaluate(b, kid, &ago(3), "30").await;
    let ev = evaluations(app, kid).await.remove(0);
    let res = b
        .post(
            &format!("/children/{kid}/evaluations/{}/decision", ev.id),
            &[("decision", "eligible"), ("notice_sent_on", &ago(2))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(status(app, kid).await, child::Status::Active);
    assert_eq!(
        eligible_on(app, kid).await,
        Some(today() - chrono::Duration::days(2))
    );
    (kid, ev)
}

/// The closest `<form>` around an element, if any.
fn form_of(e: ElementRef<'_>) -> Option<ElementRef<'_>> {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "form")
}

#[tokio::test]
async fn two_evaluations_on_the_child_page_have_their_own_ids_and_labels() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let kid = referred(&app, &b, "Ids").await.id;
    evaluate(&b, kid, &ago(4), "30").await;
    evaluate(&b, kid, &ago(2), "10").await;
    let (code, html) = b.page(&format!("/children/{kid}")).await;
    assert_eq!(code, StatusCode::OK);
    let doc = Html::parse_document(&html);
    let with_id = Selector::parse("[id]").unwrap();
    let mut seen = std::collections::HashMap::new();
    for e in doc.select(&with_id) {
        *seen.entry(e.value().id().unwrap().to_owned()).or_insert(0) += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "ids used more than once: {twice:?}");
    let decisions = Selector::parse("form[action$='/decision']").unwrap();
    assert_eq!(doc.select(&decisions).count(), 2, "one decision form each");
    let labels = Selector::parse("label[for]").unwrap();
    let mut checked = 0;
    for label in doc.select(&labels) {
        let target = label.value().attr("for").unwrap();
        let sel = Selector::parse(&format!("[id='{target}']")).unwrap();
        let input = doc
            .select(&sel)
            .next()
            .unwrap_or_else(|| panic!("label for {target} names nothing"));
        assert_eq!(
            form_of(input),
            form_of(label),
            "the label for {target} is in another form than its input"
        );
        checked += 1;
    }
    // Each decision form: two radios and the notice date.
    assert!(checked >= 6, "{checked} labels checked");
}

#[tokio::test]
async fn an_evaluation_entered_by_mistake_is_withdrawn_once_with_its_reason() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let (kid, ev) = found_eligible(&app, &b, "Withdrawn").await;
    let path = format!("/children/{kid}/evaluations/{}/withdraw", ev.id);

    // The page offers it; the reason is required, and nothing changes without one.
    let (_, child_page) = b.page(&format!("/children/{kid}")).await;
    assert!(child_page.contains(&format!("href=\"{path}\"")));
    let (code, form) = b.page(&path).await;
    assert_eq!(code, StatusCode::OK);
    assert!(form.contains("name=\"reason\""));
    let res = b.post(&path, &[("reason", "   ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-reason-error"),
        ["Error: Say why, for the record (for example: entered for the wrong child)."]
    );
    assert_eq!(
        evaluations(&app, kid).await[0].status,
        evaluation::Status::Recorded
    );
    assert!(app.audit_rows("evaluation.withdrawn").await.is_empty());

    // Two withdrawals at the same moment: one withdraws, the other changes nothing.
    let reason = [("reason", "Entered for the wrong child (her cousin).")];
    let (r1, r2) = tokio::join!(b.post(&path, &reason), b.post(&path, &reason));
    assert_eq!(r1.status(), StatusCode::SEE_OTHER);
    assert_eq!(r2.status(), StatusCode::SEE_OTHER);
    let rows = app.audit_rows("evaluation.withdrawn").await;
    assert_eq!(rows.len(), 1, "withdrawn once");
    assert!(
        rows[0]
            .detail
            .contains("Entered for the wrong child (her cousin).")
    );
    let after = evaluations(&app, kid).await.remove(0);
    assert_eq!(after.status, evaluation::Status::Withdrawn);
    assert_eq!(
        after.closed_reason,
        "Entered for the wrong child (her cousin)."
    );
    assert_eq!(after.closed_by, Some(app.user_id(COORDINATOR).await));

    // The decision is worked out again: no evaluation counts, so the child is referred
    // again, and eligibility no longer dates the clocks.
    assert_eq!(status(&app, kid).await, child::Status::Referred);
    assert_eq!(eligible_on(&app, kid).await, None);

    // Still on the page, struck, with the reason; nothing to decide, correct or withdraw.
    let (_, html) = b.page(&format!("/children/{kid}")).await;
    let card = format!("#evaluation-{}", ev.id);
    assert_eq!(
        texts(&html, &format!("{card} h3 s")),
        [format!("Evaluation of {}", ago(3))]
    );
    assert_eq!(
        texts(&html, &format!("{card} .closed-reason")),
        [format!(
            "Withdrawn on {}: Entered for the wrong child (her cousin).",
            today()
        )]
    );
    assert!(texts(&html, &format!("{card} form")).is_empty());
    assert!(!html.contains(&format!("href=\"{path}\"")));

    // Confirming or withdrawing it again changes nothing.
    let res = b
        .post(
            &format!("/children/{kid}/evaluations/{}/decision", ev.id),
            &[("decision", "eligible"), ("notice_sent_on", &ago(1))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.post(&path, &reason).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_rows("evaluation.withdrawn").await.len(), 1);
    assert_eq!(app.audit_rows("eligibility.decided").await.len(), 1);
    assert_eq!(status(&app, kid).await, child::Status::Referred);
}

#[tokio::test]
async fn a_mistaken_evaluation_is_corrected_and_the_decision_proposed_again() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(COORDINATOR).await;
    let (kid, ev) = found_eligible(&app, &b, "Corrected").await;
    let path = format!("/children/{kid}/evaluations/{}/correct", ev.id);

    // The correction form holds the evaluation as entered.
    let (code, html) = b.page(&path).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(
        first_attr(&html, "#f-communication_pct", "value").as_deref(),
        Some("30")
    );
    assert_eq!(
        first_attr(&html, "#f-tools", "value").as_deref(),
        Some("BDI-3")
    );
    assert_eq!(first_attr(&html, "#f-evaluated_on", "value"), Some(ago(3)));

    // Without a reason: refused, what was typed comes back, nothing changes.
    let fields = |reason: &'static str| {
        vec![
            ("evaluated_on", ago(3)),
            ("tools", "BDI-3".to_owned()),
            ("communication_pct", "10".to_owned()),
            ("reason", reason.to_owned()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let b = &b;
        let path = &path;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post(path, &f).await
        }
    };
    let res = send(fields("")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        first_attr(&html, "#f-communication_pct", "value").as_deref(),
        Some("10")
    );
    assert_eq!(texts(&html, "#f-reason-error").len(), 1);
    assert_eq!(evaluations(&app, kid).await.len(), 1);

    let res = send(fields("The 30 was the percentile, not the delay.")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let all = evaluations(&app, kid).await;
    assert_eq!(all.len(), 2);
    let (old, new) = (&all[0], &all[1]);
    assert_eq!(old.status, evaluation::Status::Superseded);
    assert_eq!(old.superseded_by, Some(new.id));
    assert_eq!(
        old.closed_reason,
        "The 30 was the percentile, not the delay."
    );
    assert_eq!(new.status, evaluation::Status::Recorded);
    // 10% is under the program's 25% rule: the rule proposes "not eligible", the team
    // has not decided yet, so the child is back to being evaluated.
    assert!(!new.proposed_eligible);
    assert_eq!(new.confirmed_eligible, None);
    assert_eq!(status(&app, kid).await, child::Status::Evaluating);
    assert_eq!(eligible_on(&app, kid).await, None);
    let rows = app.audit_rows("evaluation.corrected").await;
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]
            .detail
            .contains("The 30 was the percentile, not the delay.")
    );

    // Both on the page: the first struck with the reason and a link to the correction, the
    // correction with its own decision form.
    let (_, html) = b.page(&format!("/children/{kid}")).await;
    assert_eq!(
        texts(&html, &format!("#evaluation-{} .closed-reason", old.id)),
        [format!(
            "Superseded by a correction on {}: The 30 was the percentile, not the delay.",
            today()
        )]
    );
    assert_eq!(
        first_attr(
            &html,
            &format!("#evaluation-{} a[href^='#']", old.id),
            "href"
        ),
        Some(format!("#evaluation-{}", new.id))
    );
    assert_eq!(
        texts(&html, &format!("#evaluation-{} form button", new.id)),
        ["Confirm decision"]
    );
    // A second correction of the first one is refused; nothing more is written.
    assert_eq!(send(fields("again")).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(evaluations(&app, kid).await.len(), 2);
    assert_eq!(app.audit_rows("evaluation.corrected").await.len(), 1);
}

#[tokio::test]
async fn an_evaluation_a_signed_plan_rests_on_is_neither_corrected_nor_withdrawn() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(SUPERVISOR).await;
    let kid = crate::packets::planned_child(&app, 0).await;
    let ev = evaluations(&app, kid.id)
        .await
        .into_iter()
        .find(|e| e.confirmed_eligible == Some(true))
        .expect("the demo's planned child was found eligible");
    let withdraw = format!("/children/{}/evaluations/{}/withdraw", kid.id, ev.id);
    let res = b.post(&withdraw, &[("reason", "Wrong child")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("A signed IFSP rests on this evaluation")
    );
    let correct = format!("/children/{}/evaluations/{}/correct", kid.id, ev.id);
    assert_eq!(b.get(&correct).await.status(), StatusCode::CONFLICT);
    assert_eq!(
        evaluations(&app, kid.id)
            .await
            .iter()
            .find(|e| e.id == ev.id)
            .unwrap()
            .status,
        evaluation::Status::Recorded
    );
    assert_eq!(status(&app, kid.id).await, kid.status);
    let (_, html) = b.page(&format!("/children/{}", kid.id)).await;
    assert!(!html.contains(&format!("href=\"{withdraw}\"")));
    assert_eq!(
        texts(&html, &format!("#evaluation-{} p.muted", ev.id)),
        [
            "A signed IFSP rests on this decision, so the evaluation can no longer be corrected or withdrawn."
        ]
    );
}
