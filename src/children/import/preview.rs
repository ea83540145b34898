//! Every row of a staged file judged as the intake form would judge it: the intake's own
//! parse, its duplicate check (same name and date of birth in the program), and two checks
//! a list needs that one form does not: the same caregiver phone as a family already in the
//! program, and the same child or phone as an earlier row of the file. Nothing is written.
use super::{cells::row_form, fields::Mapping, file::Sheet};
use crate::{
    auth::CurrentUser,
    children::intake::{NewReferral, ReferralForm, possible_duplicates},
    entities::{caregiver, child},
    views::form::Errors,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::BTreeMap;

/// What a row may be a duplicate of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dup {
    /// A child on file with the same name and date of birth.
    SameChild(child::Model),
    /// A child on file whose family has a caregiver with the same phone number.
    SamePhone(child::Model),
    /// An earlier row of the file (its line) with the same child or phone.
    EarlierRow(usize),
}

/// One row: its line in the file, the form it became, and the intake's verdict.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub form: ReferralForm,
    pub parsed: Result<NewReferral, Errors>,
    pub dups: Vec<Dup>,
}

impl Row {
    pub fn is_duplicate(&self) -> bool {
        !self.dups.is_empty()
    }
}

/// Only the digits of a phone number, so "(555) 201-3344" and "555.201.3344" match.
fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

fn key(r: &NewReferral) -> (String, String, chrono::NaiveDate) {
    (
        r.first_name.trim().to_lowercase(),
        r.last_name.trim().to_lowercase(),
        r.date_of_birth,
    )
}

/// The program's children by the digits of their family's caregivers' phones (one query
/// each for the caregivers and the children, not one per row).
async fn children_by_phone(
    db: &impl ConnectionTrait,
    program_id: i32,
) -> Result<BTreeMap<String, Vec<child::Model>>, DbErr> {
    let kids = child::Entity::find()
        .filter(child::Column::ProgramId.eq(program_id))
        .all(db)
        .await?;
    let families: Vec<i32> = kids.iter().map(|k| k.family_id).collect();
    let mut by_family: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for chunk in families.chunks(500) {
        let cgs = caregiver::Entity::find()
            .filter(caregiver::Column::FamilyId.is_in(chunk.to_vec()))
            .filter(caregiver::Column::Phone.is_not_null())
            .all(db)
            .await?;
        for c in cgs {
            let d = digits(c.phone.as_deref().unwrap_or_default());
            if d.len() >= 7 {
                by_family.entry(c.family_id).or_default().push(d);
            }
        }
    }
    let mut out: BTreeMap<String, Vec<child::Model>> = BTreeMap::new();
    for k in kids {
        for d in by_family.get(&k.family_id).into_iter().flatten() {
            out.entry(d.clone()).or_default().push(k.clone());
        }
    }
    Ok(out)
}

/// Every row of `sheet` through `mapping`, judged for the user's program.
pub async fn check(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    sheet: &Sheet,
    mapping: &Mapping,
) -> Result<Vec<Row>, DbErr> {
    let today = user.today();
    let phones = children_by_phone(db, user.program_id).await?;
    let mut seen_child: BTreeMap<(String, String, chrono::NaiveDate), usize> = BTreeMap::new();
    let mut seen_phone: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows = Vec::with_capacity(sheet.rows.len());
    for (cells, line) in sheet.rows.iter().zip(&sheet.lines) {
        let form = row_form(mapping, cells);
        let parsed = form.parse(today, &user.rules);
        let mut dups = Vec::new();
        if let Ok(r) = &parsed {
            for c in possible_duplicates(db, user.program_id, r).await? {
                dups.push(Dup::SameChild(c));
            }
            let phone = r.caregiver.phone.as_deref().map(digits).unwrap_or_default();
            for c in phones.get(&phone).into_iter().flatten() {
                if !dups.contains(&Dup::SameChild(c.clone())) {
                    dups.push(Dup::SamePhone(c.clone()));
                }
            }
            let earlier = seen_child.get(&key(r)).copied().or_else(|| {
                (!phone.is_empty())
                    .then(|| seen_phone.get(&phone).copied())
                    .flatten()
            });
            if let Some(l) = earlier {
                dups.push(Dup::EarlierRow(l));
            }
            seen_child.entry(key(r)).or_insert(*line);
            if !phone.is_empty() {
                seen_phone.entry(phone).or_insert(*line);
            }
        }
        rows.push(Row {
            line: *line,
            form,
            parsed,
            dups,
        });
    }
    Ok(rows)
}
