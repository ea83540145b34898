//! Issue 17: the caregiver's confirmation step reads in the family's language (English or
//! Spanish, from the i18n catalogue), while the provider's own words stay English.
use crate::caregiver_confirmation::{PATH, a_visit, stored, with};
use crate::note_helpers::primary_caregiver;
use crate::support::*;
use crate::visit_helpers::*;
use crate::web::texts;
use chrono::{Datelike, NaiveDate};
use hearth::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::EntityTrait;

/// The visit's day as each family reads it, written out here from the calendar's names.
fn day_in(lang: Lang, day: &str) -> String {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    let (weekday, month) = (
        d.weekday().num_days_from_monday() as usize,
        d.month0() as usize,
    );
    match lang {
        Lang::En => format!(
            "{}, {} {}, {}",
            [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday"
            ][weekday],
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December"
            ][month],
            d.day(),
            d.year()
        ),
        Lang::Es => format!(
            "{} {} de {} de {}",
            [
                "lunes",
                "martes",
                "miércoles",
                "jueves",
                "viernes",
                "sábado",
                "domingo"
            ][weekday],
            d.day(),
            [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre"
            ][month],
            d.year()
        ),
    }
}

#[tokio::test]
async fn the_caregiver_reads_their_step_in_the_familys_language_and_the_provider_in_english() {
    let app = TestApp::spawn().await;
    let b = app.signed_in(PROVIDER).await;
    let (v, outcome, day) = a_visit(&app, &b).await;
    let (_, plan) = service_of(&app, PROVIDER).await;
    let c = hearth::entities::child::Entity::find_by_id(plan.child_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let english = [
        "Confirm this visit",
        "Sign here",
        "Clear",
        "Type your name instead (optional)",
        "If you signed above, type your name too.",
        "When you are done, hand the phone back to Priya Raman.",
        "The signature could not be read. Press Clear and sign again.",
        "Type your name under your signature.",
    ];
    let spanish = [
        "Confirme esta visita",
        "Firme aquí",
        "Borrar",
        "O escriba su nombre (opcional)",
        "Si firmó arriba, escriba también su nombre.",
        "Cuando termine, devuelva el teléfono a Priya Raman.",
        "No se pudo leer la firma. Toque Borrar y firme otra vez.",
        "Escriba su nombre debajo de su firma.",
    ];
    let statements = [
        format!(
            "I confirm that Priya Raman visited us on {}, from 6:00 AM to 7:00 AM, and that I took part in the visit.",
            day_in(Lang::En, &day)
        ),
        format!(
            "Confirmo que Priya Raman nos visitó el {}, de 06:00 a 07:00, y que participé en la visita.",
            day_in(Lang::Es, &day)
        ),
    ];
    for (lang, words, statement) in [
        (Lang::En, english, &statements[0]),
        (Lang::Es, spanish, &statements[1]),
    ] {
        primary_caregiver(&app, &c, "family@family.example", lang).await;
        let (_, html) = b.page(&format!("/visits/{}", v.id)).await;
        let step = format!("#f-caregiver[lang={}]", lang.code());
        assert_eq!(texts(&html, &format!("{step} > legend")), vec![words[0]]);
        assert_eq!(
            texts(&html, &format!("{step} .confirm-statement")),
            vec![statement.as_str()]
        );
        assert_eq!(texts(&html, &format!("{step} .pad-label")), vec![words[1]]);
        assert_eq!(
            texts(&html, &format!("{step} [data-pad-clear]")),
            vec![words[2]]
        );
        assert_eq!(
            texts(&html, &format!("{step} label[for=f-caregiver_name]")),
            vec![words[3]]
        );
        assert!(texts(&html, &format!("{step} .hint")).contains(&words[4].to_owned()));
        assert!(texts(&html, &format!("{step} .hint")).contains(&words[5].to_owned()));
        // The provider's own words stay English.
        assert!(
            texts(&html, &format!("{step} p[lang=en]"))[0]
                .starts_with("Last step before signing: hand the phone to the caregiver")
        );
        assert_eq!(
            texts(&html, "button[name=intent][value=sign]"),
            vec!["Sign and lock"]
        );

        // The caregiver's mistakes, next to their fields, in their language; what was
        // typed stays.
        let bad = with(
            note(&day, outcome, "sign"),
            &[
                ("caregiver_name", "Rosa Díaz"),
                ("caregiver_path", "M1 1 <b>"),
            ],
        );
        let res = post_note(&b, v.id, v.version, &bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert_eq!(
            texts(&html, "#f-caregiver_path .error"),
            vec![format!("Error: {}", words[6])]
        );
        assert!(html.contains("value=\"Rosa Díaz\""), "the name typed stays");
        let unnamed = with(note(&day, outcome, "sign"), &[("caregiver_path", PATH)]);
        let res = post_note(&b, v.id, v.version, &unnamed).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert_eq!(
            texts(&html, "#f-caregiver_name-error"),
            vec![format!("Error: {}", words[7])]
        );
        assert!(stored(&app, v.id).await.is_empty());
        assert_eq!(visit(&app, v.id).await, v, "nothing changed");
    }
}
