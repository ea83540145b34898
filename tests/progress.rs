//! Progress on outcomes at reviews, kept across plan versions and drawn as a chart.
use crate::support::*;
use hearth::entities::{ifsp, ifsp_outcome};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[tokio::test]
async fn outcomes_are_rated_at_reviews_and_their_history_spans_versions() {
    let app = TestApp::spawn().await;
    let emma = child_named(&app, "Emma").await; // initial (superseded) and a signed review
    let sup = app.signed_in(SUPERVISOR).await;
    let signed = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(emma.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Signed))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let first_outcome = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(signed.id))
        .order_by_asc(ifsp_outcome::Column::Position)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    // A signed plan cannot take a rating.
    let path = format!(
        "/ifsps/{}/outcomes/{}/progress",
        signed.id, first_outcome.id
    );
    assert_eq!(
        sup.post(&path, &[("rating", "progressing"), ("rated_on", &ago(0))])
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The annual plan's draft carries the outcome forward and takes the rating.
    sup.post(
        &format!("/children/{}/ifsps", emma.id),
        &[("kind", "annual")],
    )
    .await;
    let draft = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(emma.id))
        .filter(ifsp::Column::Status.eq(ifsp::Status::Draft))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let copy = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(draft.id))
        .order_by_asc(ifsp_outcome::Column::Position)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        copy.origin(),
        first_outcome.origin(),
        "the copy keeps the outcome's history key"
    );
    let path = format!("/ifsps/{}/outcomes/{}/progress", draft.id, copy.id);
    let res = sup
        .post(&path, &[("rating", ""), ("rated_on", &ago(0))])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Choose how the outcome is going.")
    );
    assert_eq!(
        sup.post(
            &path,
            &[
                ("rating", "not_yet"),
                ("rated_on", &ago(60)),
                ("note", "Signs 'more' with help")
            ]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sup.post(
            &path,
            &[
                ("rating", "progressing"),
                ("rated_on", &ago(0)),
                ("note", "Signs 'more' alone at snack")
            ]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );

    let (_, html) = sup.page(&format!("/ifsps/{}", draft.id)).await;
    assert_eq!(html.matches("class=\"point\"").count(), 2);
    let label = first_attr(&html, "svg.progress-chart", "aria-label").unwrap();
    assert!(
        label.contains("Not yet") && label.contains("Progressing"),
        "{label}"
    );
    // The earlier version shows the same history: it belongs to the outcome, not the version.
    let (_, html) = sup.page(&format!("/ifsps/{}", signed.id)).await;
    assert_eq!(html.matches("class=\"point\"").count(), 2);
    assert_eq!(app.audit_rows("ifsp.progress_rated").await.len(), 2);
}
