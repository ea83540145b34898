//! Families read their plan in their language, and the family's voice reaches staff (issue
//! #17): an outcome's Spanish text, typed on the draft and kept through every part's button;
//! the Spanish family page showing it, and an untranslated outcome in English marked so;
//! the families' "we tried it" answers on the provider's home and the visit page, in their
//! own words, for the provider's own families only.
use crate::family_links::{family, published, share};
use crate::ifsp_helpers::{OUTCOME, narrative, plans_of, service, without_plans};
use crate::{note_helpers::*, support::*};
use hearth::entities::{caregiver, ifsp, ifsp_outcome};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const EN_FIRST: &str = "Noah will ask for more with a word or sign at snack.";
const ES_FIRST: &str = "Noah pedirá más con una palabra o una seña en la merienda.";
const EN_SECOND: &str = "Noah will point to the towel at bath time.";

async fn outcomes(app: &TestApp, plan: i32) -> Vec<ifsp_outcome::Model> {
    ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(plan))
        .order_by_asc(ifsp_outcome::Column::Position)
        .all(&app.db)
        .await
        .unwrap()
}

/// The plan's typed fields at `version`, the outcomes' Spanish texts, and a part's fields.
fn fields(
    version: &str,
    spanish: &[(String, &str)],
    part: &[(&str, String)],
) -> Vec<(String, String)> {
    let meeting = ago(1);
    let mut all: Vec<(String, String)> = narrative(version, &meeting, "Keisha (mother)")
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    all.extend(spanish.iter().map(|(k, v)| (k.clone(), (*v).to_owned())));
    all.extend(part.iter().map(|(k, v)| (k.to_string(), v.clone())));
    all
}

async fn post(b: &Browser, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(path, &refs).await
}

async fn version(app: &TestApp, id: i32) -> String {
    ifsp::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string()
}

#[tokio::test]
async fn the_spanish_text_is_kept_through_every_button_and_the_spanish_family_page_shows_it() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let noah = without_plans(&app, "Noah").await;
    let g = primary_caregiver(&app, &noah, "keisha@family.example", Lang::Es).await;
    assert_eq!(
        sup.post(&format!("/children/{}/ifsps", noah.id), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let id = plans_of(&app, noah.id).await.last().unwrap().id;
    // Two outcomes, posted on their own (no plan fields).
    let second: Vec<(&str, &str)> = OUTCOME
        .iter()
        .map(|(k, v)| (*k, if *k == "statement" { EN_SECOND } else { *v }))
        .collect();
    for o in [OUTCOME.to_vec(), second] {
        assert_eq!(
            sup.post(&format!("/ifsps/{id}/outcomes"), &o)
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
    }
    let os = outcomes(&app, id).await;
    assert_eq!(
        os[0].statement, EN_FIRST,
        "the helper's outcome, as written by hand here"
    );
    let (f1, f2) = (
        format!("family_statement.{}", os[0].id),
        format!("family_statement.{}", os[1].id),
    );

    // The draft offers each outcome's Spanish field, prefilled with a copy of the English.
    let (_, html) = sup.page(&format!("/ifsps/{id}")).await;
    assert_eq!(
        texts(&html, &format!("textarea[name=\"{f1}\"]")),
        vec![EN_FIRST]
    );
    assert_eq!(
        first_attr(&html, &format!("textarea[name=\"{f1}\"]"), "lang").as_deref(),
        Some("es")
    );
    assert!(
        html.contains("In Spanish (what the family reads)"),
        "the label says whose text it is"
    );
    assert!(
        html.contains("Starts as a copy of the English"),
        "and that it is a copy to translate"
    );

    // The service's button: the first translated, the second left as the copy.
    let spanish = [(f1.clone(), ES_FIRST), (f2.clone(), EN_SECOND)];
    let res = post(
        &sup,
        &format!("/ifsps/{id}/services"),
        &fields(&version(&app, id).await, &spanish, &service("home", "")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let os = outcomes(&app, id).await;
    assert_eq!(
        (os[0].family_statement.as_str(), os[0].family_lang),
        (ES_FIRST, Some(Lang::Es))
    );
    assert_eq!(
        os[1].family_statement, "",
        "a copy left as it is is not a translation"
    );
    let (_, html) = sup.page(&format!("/ifsps/{id}")).await;
    assert_eq!(
        texts(&html, &format!("textarea[name=\"{f1}\"]")),
        vec![ES_FIRST]
    );

    // A too-long Spanish text: refused beside the field, what was typed shown, nothing saved.
    let long = "a".repeat(2001);
    let res = post(
        &sup,
        &format!("/ifsps/{id}"),
        &fields(
            &version(&app, id).await,
            &[(f1.clone(), long.as_str())],
            &[],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, &format!("textarea[name=\"{f1}\"]")),
        vec![long.clone()]
    );
    assert_eq!(outcomes(&app, id).await[0].family_statement, ES_FIRST);

    // The consent's and the signatures' buttons carry (and keep) the Spanish text too.
    let sid = hearth::entities::ifsp_service::Entity::find()
        .filter(hearth::entities::ifsp_service::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let consent = [
        (format!("c{sid}.given").leak() as &str, "yes".to_owned()),
        (format!("c{sid}.consent_date").leak(), ago(1)),
    ];
    let res = post(
        &sup,
        &format!("/ifsps/{id}/services/{sid}/consent"),
        &fields(&version(&app, id).await, &spanish, &consent),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sign = [
        ("parent_name", "Keisha Williams".to_owned()),
        ("parent_signed_on", ago(1)),
        ("parent_method", "in_person".to_owned()),
        ("coordinator_name", "James Chen".to_owned()),
        ("coordinator_signed_on", ago(0)),
    ];
    let res = post(
        &sup,
        &format!("/ifsps/{id}/sign"),
        &fields(&version(&app, id).await, &spanish, &sign),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let os = outcomes(&app, id).await;
    assert_eq!(
        os[0].family_statement, ES_FIRST,
        "the signed version keeps the Spanish text"
    );

    // The family page in Spanish: the translated outcome in Spanish, the other in English,
    // marked as English.
    let g = caregiver::Entity::find_by_id(g.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let token = hearth::notes::link::issue(&app.db, &app.state.keys, &noah, &g, None, 7)
        .await
        .unwrap();
    let f = family(&app, &format!("/family/open/{token}")).await;
    let (_, page) = f.page("/family?lang=es").await;
    let items = texts(&page, "#goals-h ~ ul li");
    assert_eq!(items[0], ES_FIRST);
    assert!(
        items[1].starts_with(EN_SECOND) && items[1].contains("(en inglés"),
        "{items:?}"
    );
    assert_eq!(
        texts(&page, "#goals-h ~ ul li span[lang=en]"),
        vec![EN_SECOND]
    );
    // In English the family reads the English.
    let (_, page) = f.page("/family?lang=en").await;
    assert_eq!(texts(&page, "#goals-h ~ ul li"), vec![EN_FIRST, EN_SECOND]);
}

#[tokio::test]
async fn the_familys_answers_reach_their_provider_in_their_own_words_and_no_one_else() {
    let app = TestApp::spawn().await;
    let v = signed_visits(&app, PROVIDER).await.remove(0);
    let c = child_of(&app, &v).await;
    let g = primary_caregiver(&app, &c, "familia@family.example", Lang::Es).await;
    let acts = published(&app).await;
    let s = share(&app, &v, acts[0].id).await;
    let token = hearth::notes::link::issue(&app.db, &app.state.keys, &c, &g, None, 7)
        .await
        .unwrap();
    let f = family(&app, &format!("/family/open/{token}")).await;
    let words = "¡Le encantó! Lo hicimos en el baño.";
    let res = f
        .post(
            &format!("/family/shares/{}/tried?lang=es", s.id),
            &[("comment", words)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The family's own page shows their words as written.
    let (_, page) = f.page("/family?lang=es").await;
    assert!(page.contains(words), "the family sees what they wrote");

    // The provider's home: the answer, in Spanish as written, with its activity.
    let provider = app.signed_in(PROVIDER).await;
    let (_, home) = provider.page("/").await;
    assert_eq!(
        texts(&home, "#family-said blockquote[lang=es]"),
        vec![words]
    );
    assert!(texts(&home, "#family-said li")[0].contains(&c.first_name));
    let shown = app.audit_rows("family_voice.viewed").await;
    assert_eq!(
        shown.len(),
        1,
        "the home page audits the families' words it showed"
    );
    // The visit page: the feed for this child, and the newest answer above the joint plan.
    let (_, visit) = provider.page(&format!("/visits/{}", v.id)).await;
    assert_eq!(
        texts(&visit, "#family-said blockquote[lang=es]"),
        vec![words]
    );

    // A provider on another caseload (no service for this child) sees none of it.
    let mut other = None;
    for email in ["pt@riverbend.example", "ot@riverbend.example"] {
        let id = app.user_id(email).await;
        let serves = hearth::entities::visit::Entity::find()
            .filter(hearth::entities::visit::Column::ChildId.eq(c.id))
            .filter(hearth::entities::visit::Column::ProviderId.eq(id))
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
            || hearth::entities::ifsp_service::Entity::find()
                .filter(hearth::entities::ifsp_service::Column::ProviderId.eq(id))
                .filter(
                    hearth::entities::ifsp_service::Column::IfspId
                        .is_in(plans_of(&app, c.id).await.iter().map(|p| p.id)),
                )
                .one(&app.db)
                .await
                .unwrap()
                .is_some();
        if !serves {
            other = Some(email);
        }
    }
    let other = app
        .signed_in(other.expect("a provider not serving the child"))
        .await;
    let (_, home) = other.page("/").await;
    assert!(
        !home.contains(words),
        "another caseload's home does not show the answer"
    );
    assert_eq!(
        other.page(&format!("/visits/{}", v.id)).await.0,
        StatusCode::NOT_FOUND,
        "nor the visit page"
    );
}

#[tokio::test]
async fn the_joint_plan_has_a_spanish_text_the_family_reads_and_the_note_form_shows_their_answer() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (s, plan) = crate::visit_helpers::service_of(&app, PROVIDER).await;
    let outcome = crate::visit_helpers::outcome_origin(&app, plan.id).await;
    let c = hearth::entities::child::Entity::find_by_id(plan.child_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    primary_caregiver(&app, &c, "familia@family.example", Lang::Es).await;
    let day = ago(2);
    let v = crate::visit_helpers::schedule_once(&b, &app, s.id, &day, "06:00", "60").await;
    // An answer of the family's, to reply to in this note.
    let acts = published(&app).await;
    let sh = share(&app, &v, acts[0].id).await;
    app.exec(&format!(
        "UPDATE activity_shares SET family_feedback = 'We tried it {}: Funcionó en la cena.' WHERE id = {}",
        ago(1),
        sh.id
    ))
    .await;

    // The note form: the family's latest answer above the joint plan, in their words, and
    // a Spanish joint plan field (empty while the English is).
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    assert_eq!(
        texts(&html, "#f-family-latest blockquote[lang=es]"),
        vec!["Funcionó en la cena."]
    );
    assert!(html.contains("In Spanish (what the family reads)"));
    assert_eq!(texts(&html, "textarea[name=joint_plan_family]"), vec![""]);
    // A draft with the English written: the Spanish field then starts as its copy.
    let english = "At breakfast and snack, hold the cup and wait for a sign or word.";
    let mut fields = crate::visit_helpers::note(&day, outcome, "save");
    fields.push(("joint_plan_family", String::new()));
    let res = crate::visit_helpers::post_note(&b, v.id, v.version, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let v = crate::visit_helpers::visit(&app, v.id).await;
    assert_eq!(v.joint_plan_family, "", "nothing translated yet");
    let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
    assert_eq!(
        texts(&html, "textarea[name=joint_plan_family]"),
        vec![english]
    );

    // Saved with a translation; the note's prefill (the family's e-mail and page) reads it.
    let spanish = "En el desayuno y la merienda, muestre la taza y espere una seña o palabra.";
    let mut fields = crate::visit_helpers::note(&day, outcome, "sign");
    fields.push(("joint_plan_family", spanish.to_owned()));
    let res = crate::visit_helpers::post_note(&b, v.id, v.version, &fields).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let saved = crate::visit_helpers::visit(&app, v.id).await;
    assert_eq!(
        (saved.joint_plan_family.as_str(), saved.joint_plan_lang),
        (spanish, Some(Lang::Es))
    );
    let body = hearth::notes::model::prefill(Lang::Es, &saved);
    assert!(body.contains(spanish) && !body.contains(english), "{body}");
    assert!(hearth::notes::model::prefill(Lang::En, &saved).contains(english));
}
