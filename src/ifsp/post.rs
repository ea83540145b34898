//! A post from the draft page. The draft page is one form: the plan's typed fields and
//! every part (outcome, service, consent, progress, signatures) are in it, and each part's
//! button posts the whole form to its own route (`formaction`). So a part's save carries
//! the plan's typed fields and saves them in the same change, and nothing typed is lost.
//!
//! A post without the plan's `version` (a part posted on its own, by a script or an older
//! page) changes only the part, as before.
use super::{commands::Edit, form::PlanForm};
use crate::{
    error::AppError,
    views::form_body::{self, Form},
};
use axum::extract::{FromRequest, Request};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

/// The plan's own field names: what a part's fields are read without.
fn plan_field(name: &str) -> bool {
    matches!(name, "meeting_date" | "family_agrees" | "version")
        || family_id(name).is_some()
        || super::form::NARRATIVE.iter().any(|(f, _)| *f == name)
}

pub struct PlanPost {
    /// The plan's typed fields, when the post came from the draft page.
    pub plan: Option<PlanForm>,
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequest<S> for PlanPost {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let Form(pairs): Form<Vec<(String, String)>> = Form::from_request(req, state).await?;
        let plan = if pairs.iter().any(|(k, _)| k == "version") {
            Some(plan_form(&pairs)?)
        } else {
            None
        };
        Ok(PlanPost { plan, pairs })
    }
}

/// An outcome's family-language field (`family_statement.<id>`): its outcome id.
fn family_id(name: &str) -> Option<i32> {
    name.strip_prefix("family_statement.")?.parse().ok()
}

/// The plan's typed fields, with the outcomes' family-language texts.
fn plan_form(pairs: &[(String, String)]) -> Result<PlanForm, AppError> {
    let mut f: PlanForm = decode(pairs.iter().filter(|(k, _)| family_id(k).is_none()))?;
    f.family = pairs
        .iter()
        .filter_map(|(k, v)| Some((family_id(k)?, v.clone())))
        .collect();
    Ok(f)
}

fn decode<'a, T: DeserializeOwned>(
    pairs: impl Iterator<Item = &'a (String, String)>,
) -> Result<T, AppError> {
    let pairs: Vec<&(String, String)> = pairs.collect();
    let body = serde_html_form::to_string(pairs)
        .map_err(|_| AppError::BadRequest("The form could not be read.".into()))?;
    form_body::parse(body.as_bytes())
}

impl PlanPost {
    /// The plan's typed fields, also from a post without a `version` (whose save then
    /// starts from no version and is told the plan moved on).
    pub fn plan_form(&self) -> Result<PlanForm, AppError> {
        match &self.plan {
            Some(f) => Ok(f.clone()),
            None => plan_form(&self.pairs),
        }
    }

    /// The part's fields: everything posted but the plan's own (when the post carries the
    /// plan; a part posted on its own is all its own fields).
    pub fn part<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        let with_plan = self.plan.is_some();
        decode(
            self.pairs
                .iter()
                .filter(|(k, _)| !(with_plan && plan_field(k))),
        )
    }

    /// The fields of one of a repeated part (one consent per service), named
    /// `<scope>.<field>` on the draft page; a part posted on its own names them plainly.
    pub fn scoped<T: DeserializeOwned>(&self, scope: &str) -> Result<T, AppError> {
        let prefix = format!("{scope}.");
        if !self.pairs.iter().any(|(k, _)| k.starts_with(&prefix)) {
            return self.part();
        }
        let mine: Vec<(String, String)> = self
            .pairs
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_owned(), v.clone())))
            .collect();
        decode(mine.iter())
    }

    /// The plan's typed fields parsed to save with the part: `None` when the post did not
    /// carry them, the errors to show beside them when they do not parse.
    pub fn edit(
        &self,
        today: NaiveDate,
        born: NaiveDate,
    ) -> Option<Result<Edit, crate::views::form::Errors>> {
        let f = self.plan.as_ref()?;
        Some(f.parse(today, born).map(|narrative| Edit {
            seen: f.version.trim().parse().unwrap_or(-1),
            narrative,
        }))
    }
}

/// The name of a repeated part's field on the draft page (see [`PlanPost::scoped`]).
pub fn scoped_name(scope: &str, field: &str) -> String {
    format!("{scope}.{field}")
}
