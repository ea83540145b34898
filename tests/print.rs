//! The printable plan, in the family's language.
use crate::support::*;
use hearth::entities::ifsp;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn untranslated(html: &str) -> Vec<String> {
    let body = html.split("<body").nth(1).unwrap_or("");
    [
        "plan.",
        "service.",
        "kind.",
        "location.",
        "payer.",
        "domain.",
        "print.",
    ]
    .iter()
    .flat_map(|p| {
        body.match_indices(p)
            .map(|(i, _)| body[i..(i + 30).min(body.len())].to_owned())
    })
    .collect()
}

#[tokio::test]
async fn the_plan_prints_in_the_familys_language() {
    let app = TestApp::spawn().await;
    let sofia = child_named(&app, "Sofía").await; // her mother speaks Spanish
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(sofia.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let coord = app.signed_in(COORDINATOR).await;
    let (status, html) = coord.page(&format!("/ifsps/{}/print", plan.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first_attr(&html, "html", "lang").as_deref(), Some("es"));
    assert_eq!(
        texts(&html, "h1"),
        vec!["Plan Individualizado de Servicios para la Familia (IFSP)"]
    );
    assert!(html.contains("Terapia del habla y del lenguaje"));
    assert!(html.contains("2 veces por mes, 60 minutos cada vez"));
    assert!(html.contains("Lo que queremos lograr (resultados)"));
    assert_eq!(untranslated(&html), Vec::<String>::new());

    let (_, html) = coord
        .page(&format!("/ifsps/{}/print?lang=en", plan.id))
        .await;
    assert_eq!(first_attr(&html, "html", "lang").as_deref(), Some("en"));
    assert!(
        html.contains("Speech and language therapy")
            && html.contains("2 times per month, 60 minutes each")
    );
    assert_eq!(untranslated(&html), Vec::<String>::new());
    assert_eq!(app.audit_rows("ifsp.printed").await.len(), 2);

    // Printing follows the same caseload rules as reading.
    let james = app.signed_in("coordinator2@riverbend.example").await;
    assert_eq!(
        james
            .get(&format!("/ifsps/{}/print", plan.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
