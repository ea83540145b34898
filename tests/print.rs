//! The printable plan, in the family's language.
use crate::support::*;
use hearth::entities::ifsp;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn untranslated(html: &str) -> Vec<String> {
    let body = html.split("<body").nth(1).unwrap_or("");
    let prefixes = [
        "plan.",
        "service.",
        "kind.",
        "location.",
        "payer.",
        "domain.",
        "print.",
        "notice.",
    ];
    let mut found = Vec::new();
    for p in prefixes {
        for (i, _) in body.match_indices(p) {
            // A key looks like `plan.title`: the prefix followed straight by a lowercase name.
            if body[i + p.len()..].starts_with(|c: char| c.is_ascii_lowercase()) {
                found.push(body[i..(i + 30).min(body.len())].to_owned());
            }
        }
    }
    found
}

#[tokio::test]
async fn the_plan_prints_in_the_familys_language() {
    // The detector finds a raw key and ignores a sentence ending in "plan.".
    assert_eq!(untranslated("<body>x plan.title y"), vec!["plan.title y"]);
    assert!(untranslated("<body>en su plan.</p>").is_empty());
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

#[tokio::test]
async fn prior_written_notice_lists_proposed_and_declined_services_in_the_familys_language() {
    let app = TestApp::spawn().await;
    let sofia = child_named(&app, "Sofía").await;
    let plan = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(sofia.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // The family declined special instruction.
    app.exec(&format!("UPDATE ifsp_services SET consent_given = false WHERE ifsp_id = {} AND service_type = 'special_instruction'", plan.id)).await;
    let coord = app.signed_in(COORDINATOR).await;
    let (status, html) = coord.page(&format!("/ifsps/{}/notice", plan.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first_attr(&html, "html", "lang").as_deref(), Some("es"));
    assert_eq!(texts(&html, "h1"), vec!["Aviso previo por escrito"]);
    let lists = texts(&html, "main ul");
    assert!(
        lists[0].contains("Terapia del habla y del lenguaje")
            && !lists[0].contains("Instrucción especial"),
        "{lists:?}"
    );
    assert!(lists[1].contains("Instrucción especial"), "{lists:?}");
    assert!(html.contains("Sus derechos"));
    assert_eq!(untranslated(&html), Vec::<String>::new());
    assert_eq!(app.audit_rows("ifsp.notice_generated").await.len(), 1);
}
