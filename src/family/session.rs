//! The `Family` extractor: a confirmed family session, checked against its link row on every
//! request. Anything else gets the calm "this link no longer works" page, never a staff
//! sign-in page.
use super::views;
use crate::{
    audit::Actor,
    auth::cookies,
    entities::{caregiver, child, family_link},
    i18n::Lang,
    meta::RequestMeta,
    notes::link,
    state::AppState,
};
use axum::{
    extract::FromRequestParts,
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Response},
};
use axum_extra::extract::cookie::CookieJar;
use sea_orm::EntityTrait;

pub const COOKIE: &str = "hearth_family";

pub struct Family {
    pub link: family_link::Model,
    pub child: child::Model,
    pub caregiver: caregiver::Model,
    /// The caregiver's language, or the one asked for with `?lang=`.
    pub lang: Lang,
    pub meta: RequestMeta,
    /// The program's time zone: visit times and consent dates are the program's.
    pub tz: chrono_tz::Tz,
}

impl Family {
    /// Family actions are audited under the child's program with no staff user; the link
    /// and caregiver are named in each event's detail.
    pub fn actor(&self) -> Actor {
        Actor {
            program_id: Some(self.child.program_id),
            user_id: None,
            ip: self.meta.ip.clone(),
            request_id: self.meta.request_id.clone(),
        }
    }

    /// Today in the program's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now().with_timezone(&self.tz).date_naive()
    }

    pub fn who(&self) -> serde_json::Value {
        serde_json::json!({ "family_link": self.link.id, "caregiver": self.caregiver.id })
    }
}

/// The language asked for in the query string (`lang=es`), if any.
pub fn asked_lang(parts: &Parts) -> Option<Lang> {
    parts.uri.query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| Lang::from_code(&v))
    })
}

fn ended(lang: Lang) -> Response {
    (StatusCode::UNAUTHORIZED, views::link_ended(lang)).into_response()
}

impl FromRequestParts<AppState> for Family {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let asked = asked_lang(parts);
        let fallback = asked.unwrap_or(Lang::En);
        let meta = RequestMeta::from_request_parts(parts, state)
            .await
            .map_err(|_| ended(fallback))?;
        let jar = CookieJar::from_headers(&parts.headers);
        let value = jar
            .get(&cookies::name(&state.config, COOKIE))
            .map(|c| c.value().to_owned())
            .ok_or_else(|| ended(fallback))?;
        let link = link::check_session(&state.db, &state.keys, &value)
            .await
            .map_err(|_| ended(fallback))?;
        let child = crate::children::model::load_child(&state.db, link.child_id)
            .await
            .ok()
            .flatten()
            .ok_or_else(|| ended(fallback))?;
        let caregiver = caregiver::Entity::find_by_id(link.caregiver_id)
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .filter(|g| g.family_id == link.family_id)
            .ok_or_else(|| ended(fallback))?;
        let lang = asked.unwrap_or(caregiver.language);
        let tz = crate::entities::program::Entity::find_by_id(child.program_id)
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .map(|p| p.tz())
            .unwrap_or(chrono_tz::America::New_York);
        Ok(Family {
            link,
            child,
            caregiver,
            lang,
            meta,
            tz,
        })
    }
}
