//! The C4 family survey (issue #14): a family answers through its link, in Spanish or
//! English, once a year; bad answers come back with the message beside the field and nothing
//! stored; two sends at once store one; staff never see a family's answers, and the report
//! counts them by hand-worked numbers, another program's and outsiders' left out.
mod report;
mod seed;

use crate::{
    db_fingerprint::{fingerprint, fingerprinter},
    family_links::*,
    lost_updates::at_once,
    note_helpers::*,
    support::*,
};
use hearth::entities::{
    Lang,
    family_survey::{self, Agreement, Status},
};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use seed::{family_with_child, program_id, response};

/// A family browser on its page (the demo's survey rows removed, so it is offered), and
/// the family's child.
async fn family_page(app: &TestApp) -> (Browser, hearth::entities::child::Model) {
    app.exec("DELETE FROM family_surveys").await;
    let v = signed_visits(app, PROVIDER).await.remove(0);
    let f = family(app, &note_link(app, &v, "parent@family.example").await).await;
    (f, child_of(app, &v).await)
}

async fn rows(app: &TestApp) -> Vec<family_survey::Model> {
    family_survey::Entity::find().all(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_family_answers_in_spanish_and_staff_never_see_the_answers() {
    let app = TestApp::spawn().await;
    let (f, child) = family_page(&app).await;
    let (status, html) = f.page("/family?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first_attr(&html, "#survey a", "href").as_deref(),
        Some("/family/survey?lang=es")
    );
    let (status, html) = f.page("/family/survey?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        texts(&html, "fieldset legend"),
        vec![
            "La intervención temprana ha ayudado a nuestra familia a conocer nuestros derechos.",
            "La intervención temprana ha ayudado a nuestra familia a explicar lo que necesita nuestro niño o niña.",
            "La intervención temprana ha ayudado a nuestra familia a ayudar a nuestro niño o niña a crecer y aprender.",
        ]
    );
    assert!(html.contains("Prefiero no decirlo"), "{html}");

    let res = f
        .post(
            "/family/survey?lang=es",
            &[
                ("know_rights", "strongly_agree"),
                ("communicate_needs", "prefer_not"),
                ("help_develop", "agree"),
                ("comment", "Nos encantan las visitas del martes"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/family?saved=survey&lang=es#survey");
    let stored = rows(&app).await;
    assert_eq!(stored.len(), 1);
    let r = &stored[0];
    assert_eq!(
        (
            r.family_id,
            r.status,
            r.know_rights,
            r.communicate_needs,
            r.help_develop,
            r.language,
            r.comment.as_str()
        ),
        (
            child.family_id,
            Status::Answered,
            Some(Agreement::StronglyAgree),
            Some(Agreement::PreferNot),
            Some(Agreement::Agree),
            Lang::Es,
            "Nos encantan las visitas del martes"
        )
    );
    // Audited as the family (no staff user), saying that it answered, never what.
    let audit = app.audit_rows("family.survey_answered").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].user_id, None);
    assert_eq!(audit[0].entity_id, Some(child.id.to_string()));
    let detail = audit[0].detail.clone();
    assert!(
        !detail.contains("strongly_agree") && !detail.contains("martes"),
        "{detail}"
    );
    let (_, html) = f.page("/family?saved=survey&lang=es").await;
    assert!(
        html.contains("Gracias. Sus respuestas se enviaron."),
        "{html}"
    );
    assert!(html.contains("Gracias por responder la encuesta de este año."));
    // Once a year: the form now says it is done, in Spanish, and changes nothing.
    let (status, html) = f.page("/family/survey?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("La encuesta de este año ya está hecha"),
        "{html}"
    );

    // Staff: the child's page, the indicators and the C4 drill-down show no answer and no
    // comment; the drill-down names no child.
    for who in [PROVIDER, COORDINATOR, SUPERVISOR] {
        let b = app.signed_in(who).await;
        let (_, page) = b.page(&format!("/children/{}", child.id)).await;
        assert!(
            !page.contains("martes") && !page.contains("Muy de acuerdo"),
            "{who}"
        );
    }
    let b = app.signed_in(SUPERVISOR).await;
    for path in [
        "/reports/indicators",
        "/reports/indicators/c4",
        "/reports/indicators/c4.csv",
    ] {
        let (status, page) = b.page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!page.contains("martes"), "{path}");
        assert!(!page.contains(&child.full_name()), "{path}: {page}");
    }
}

#[tokio::test]
async fn bad_answers_come_back_beside_the_field_with_what_was_typed_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let (f, _) = family_page(&app).await;
    let fp = fingerprinter(&app).await;
    let before = fingerprint(&app, &fp).await;
    let long = "We liked it. ".repeat(40);
    let res = f
        .post(
            "/family/survey?lang=en",
            &[
                ("know_rights", "agree"),
                ("communicate_needs", ""),
                ("help_develop", "very_much"),
                ("comment", &long),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let choose = "Error: Choose one answer, or “I'd rather not say”.";
    assert_eq!(texts(&html, "#f-know_rights .error"), Vec::<String>::new());
    assert_eq!(texts(&html, "#f-communicate_needs .error"), vec![choose]);
    assert_eq!(texts(&html, "#f-help_develop .error"), vec![choose]);
    assert_eq!(
        texts(&html, "#f-comment-error"),
        vec!["Error: Please shorten your comment to 500 characters or fewer (it has 519)."]
    );
    // What was chosen and typed is still there.
    assert_eq!(
        first_attr(&html, "input[name=know_rights][checked]", "value").as_deref(),
        Some("agree")
    );
    assert_eq!(texts(&html, "textarea#f-comment"), vec![long.trim()]);
    assert_eq!(fingerprint(&app, &fp).await, before);

    // Put right, it is stored, in English.
    let res = f
        .post(
            "/family/survey?lang=en",
            &[
                ("know_rights", "agree"),
                ("communicate_needs", "neutral"),
                ("help_develop", "strongly_agree"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let r = rows(&app).await;
    assert_eq!(
        (r.len(), r[0].language, r[0].communicate_needs),
        (1, Lang::En, Some(Agreement::Neutral))
    );
    let (_, html) = f.page("/family").await;
    assert!(
        html.contains("Thank you for answering this year's survey."),
        "{html}"
    );
}

#[tokio::test]
async fn two_sends_at_once_store_one_and_the_other_is_told_calmly() {
    let app = TestApp::spawn().await;
    let (f, _) = family_page(&app).await;
    let fields = vec![
        ("know_rights", "agree".to_owned()),
        ("communicate_needs", "agree".to_owned()),
        ("help_develop", "agree".to_owned()),
    ];
    let path = "/family/survey?lang=en".to_owned();
    let answers = at_once((0..4).map(|_| (&f, path.clone(), fields.clone())).collect()).await;
    let saved = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::SEE_OTHER)
        .count();
    let told: Vec<_> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .map(|(_, html)| html)
        .collect();
    assert_eq!((saved, told.len()), (1, 3), "{answers:?}");
    assert!(
        told.iter()
            .all(|h| h.contains("This year's survey is done"))
    );
    assert_eq!(rows(&app).await.len(), 1);
    assert_eq!(app.audit_rows("family.survey_answered").await.len(), 1);
    // Saying no afterwards changes nothing either.
    let res = f.post("/family/survey/decline?lang=en", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(rows(&app).await[0].status, Status::Answered);
}

#[tokio::test]
async fn a_family_can_say_no_and_is_not_asked_again_this_year() {
    let app = TestApp::spawn().await;
    let (f, child) = family_page(&app).await;
    let res = f.post("/family/survey/decline?lang=en", &[]).await;
    assert_eq!(
        location(&res),
        "/family?saved=survey_declined&lang=en#survey"
    );
    let r = rows(&app).await;
    assert_eq!(
        (r.len(), r[0].status, r[0].know_rights, r[0].family_id),
        (1, Status::Declined, None, child.family_id)
    );
    assert_eq!(app.audit_rows("family.survey_declined").await.len(), 1);
    let (_, html) = f.page("/family").await;
    assert!(
        html.contains("You chose not to answer this year's survey."),
        "{html}"
    );
    assert!(first_attr(&html, "#survey a", "href").is_none());
}

const PERIOD: &str = "from=2020-07-01&to=2021-06-30";
