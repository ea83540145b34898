//! The program's target for each federal indicator (a program setting, issue #14) and how
//! this year's figure compares with it. [`Measure::all`] is the one list of the percents
//! Hearth reports: it is built from the indicators' own lists ([`Indicator::ALL`], the COS
//! outcomes, the C4 areas), so an indicator added there gets a target here with no edit.
use super::{Indicator, Report, indicators::c5c6::ChildFind, indicators::pct};
use crate::{
    audit::{Actor, Change, Event},
    entities::{Choice, cos_rating::CosOutcome, family_survey::Area, indicator_target, program},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// C3's two summary statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Statement {
    Ss1,
    Ss2,
}

/// One percent a state sets a target for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// C7, C1, C8A/B/C, judged by the clock engine.
    Timeline(Indicator),
    C2,
    C3(CosOutcome, Statement),
    C4(Area),
    C5,
    C6,
}

impl Measure {
    /// Every measure, in federal order (C1, C2, C3A SS1, …, C8C).
    pub fn all() -> Vec<Measure> {
        LIST.iter().map(|(m, _)| *m).collect()
    }

    fn build() -> Vec<(Measure, String)> {
        let mut v: Vec<Measure> = Indicator::ALL.into_iter().map(Measure::Timeline).collect();
        v.push(Measure::C2);
        for o in CosOutcome::all() {
            v.extend([Statement::Ss1, Statement::Ss2].map(|s| Measure::C3(o, s)));
        }
        v.extend(Area::all().map(Measure::C4));
        v.extend([Measure::C5, Measure::C6]);
        // The codes sort in federal order ("C1" < "C2" < "C3A SS1" < … < "C8C").
        v.sort_by_key(|m| m.code());
        v.into_iter()
            .map(|m| (m, m.code().to_lowercase().replace(' ', "_")))
            .collect()
    }

    /// "C3A SS1", "C4B", "C7".
    pub fn code(self) -> String {
        match self {
            Measure::Timeline(i) => i.code().to_owned(),
            Measure::C2 => "C2".to_owned(),
            Measure::C3(o, s) => format!("C3{} SS{}", o.as_str(), s as u8 + 1),
            Measure::C4(a) => a.code().to_owned(),
            Measure::C5 => "C5".to_owned(),
            Measure::C6 => "C6".to_owned(),
        }
    }

    /// The form field and the stored key: "c3a_ss1", "c4b", "c7".
    pub fn key(self) -> &'static str {
        LIST.iter()
            .find(|(m, _)| *m == self)
            .map(|(_, k)| k.as_str())
            .expect("every measure is listed")
    }

    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::all().into_iter().find(|m| m.key() == key)
    }

    pub fn title(self) -> String {
        match self {
            Measure::Timeline(i) => i.title().to_owned(),
            Measure::C2 => "Services in the home or community settings".to_owned(),
            Measure::C3(o, s) => {
                let what = match s {
                    Statement::Ss1 => "substantially increased their rate of growth",
                    Statement::Ss2 => "within age expectations at exit",
                };
                format!("Child outcome {}: {what}", o.label())
            }
            Measure::C4(a) => format!("Families: {}", a.label()),
            Measure::C5 => "Child find, birth to one".to_owned(),
            Measure::C6 => "Child find, birth to three".to_owned(),
        }
    }

    /// Where the figure's children (or counts) are listed.
    pub fn href(self) -> String {
        let key = match self {
            Measure::Timeline(i) => i.key(),
            Measure::C2 => "c2",
            Measure::C3(..) => "c3",
            Measure::C4(_) => "c4",
            Measure::C5 | Measure::C6 => return super::views::HREF.to_owned(),
        };
        format!("{}/{key}", super::views::HREF)
    }

    /// (numerator, denominator) in the report; `None` without a figure (no population for
    /// C5/C6, a C4 area withheld because too few families answered).
    pub fn figure(self, r: &Report) -> Option<(usize, usize)> {
        match self {
            Measure::Timeline(i) => {
                let f = r.figure(i);
                Some((f.numerator, f.denominator))
            }
            Measure::C2 => Some((r.c2.numerator(), r.c2.denominator())),
            Measure::C3(o, s) => {
                r.c3.by_outcome()
                    .find(|(x, _)| *x == o)
                    .map(|(_, n)| match s {
                        Statement::Ss1 => n.ss1(),
                        Statement::Ss2 => n.ss2(),
                    })
            }
            Measure::C4(a) => {
                let f = r.c4.area(a);
                f.agree_shown().map(|n| (n, f.answered))
            }
            Measure::C5 => r.child_find.c5(),
            Measure::C6 => r.child_find.c6(),
        }
    }

    /// The figure's percent as the indicators page prints it.
    pub fn percent(self, fig: Option<(usize, usize)>) -> String {
        match (self, fig) {
            (Measure::C5 | Measure::C6, v) => ChildFind::percent(v),
            (_, Some((n, d))) => pct(n, d),
            (_, None) => "—".to_owned(),
        }
    }
}

/// The measures with their keys, built once (a key is a form field's name, which lives as
/// long as the program).
static LIST: std::sync::LazyLock<Vec<(Measure, String)>> = std::sync::LazyLock::new(Measure::build);

/// A target: a percent from 0 to 100 with at most two decimals, held in hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target(u16);

impl Target {
    /// "95", "95.5", "1.25" (a comma for the decimal point too); `None` for anything else,
    /// including more than two decimals or a value outside 0–100.
    pub fn parse(s: &str) -> Option<Target> {
        let s = s.trim().replace(',', ".");
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 3 || frac.len() > 2 || !digits(whole) || !digits(frac)
        {
            return None;
        }
        let w: u16 = whole.parse().ok()?;
        let f: u16 = format!("{frac:0<2}").parse().ok()?;
        let bp = w.checked_mul(100)?.checked_add(f)?;
        (bp <= 10_000).then_some(Target(bp))
    }

    pub fn from_bp(bp: i32) -> Option<Target> {
        u16::try_from(bp).ok().filter(|b| *b <= 10_000).map(Target)
    }

    pub fn bp(self) -> i32 {
        i32::from(self.0)
    }

    /// Whether `numerator / denominator` reaches the target, in whole numbers (no rounding).
    pub fn met_by(self, numerator: usize, denominator: usize) -> bool {
        numerator as u128 * 10_000 >= u128::from(self.0) * denominator as u128
    }
}

impl std::fmt::Display for Target {
    /// "95", "95.5", "1.25".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (w, c) = (self.0 / 100, self.0 % 100);
        match c {
            0 => write!(f, "{w}"),
            c if c % 10 == 0 => write!(f, "{w}.{}", c / 10),
            c => write!(f, "{w}.{c:02}"),
        }
    }
}

/// A program's targets, by measure (a measure without one has no target).
pub type Targets = HashMap<Measure, Target>;

/// The targets in [`Measure::all`]'s order.
pub fn in_order(t: &Targets) -> Vec<(Measure, Target)> {
    Measure::all()
        .into_iter()
        .filter_map(|m| t.get(&m).map(|v| (m, *v)))
        .collect()
}

/// The program's targets, in one statement.
pub async fn load(db: &impl ConnectionTrait, program_id: i32) -> Result<Targets, DbErr> {
    let rows: Vec<(String, i32)> = indicator_target::Entity::find()
        .select_only()
        .column(indicator_target::Column::Indicator)
        .column(indicator_target::Column::TargetBp)
        .filter(indicator_target::Column::ProgramId.eq(program_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, bp)| Some((Measure::from_key(&k)?, Target::from_bp(bp)?)))
        .collect())
}

/// What the form carries of the targets it was opened with: their fingerprint, so a save
/// from a page opened before another admin's save is refused, never written over theirs.
pub fn fingerprint(t: &Targets) -> String {
    let text: String = in_order(t)
        .iter()
        .map(|(m, v)| format!("{}={};", m.key(), v.bp()))
        .collect();
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone saved other targets since the form was opened; `current` is what they saved.
    #[error("the targets were saved by someone else meanwhile")]
    Stale { current: Targets },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Replaces the program's targets with `targets` if they are still the ones `seen` names.
/// The program's row is held for the change (`FOR UPDATE` on PostgreSQL; SQLite writes one
/// at a time), so two saves from the same page cannot both pass the check.
pub async fn save(
    db: &DatabaseConnection,
    actor: Actor,
    program_id: i32,
    seen: &str,
    targets: &Targets,
) -> Result<(), SaveError> {
    let change = Change::begin(db, actor).await?;
    let by = change.actor().user_id.unwrap_or_default();
    program::Entity::find_by_id(program_id)
        .lock_exclusive()
        .one(change.db())
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("program {program_id}")))?;
    let before = load(change.db(), program_id).await?;
    if fingerprint(&before) != seen {
        return Err(SaveError::Stale { current: before });
    }
    indicator_target::Entity::delete_many()
        .filter(indicator_target::Column::ProgramId.eq(program_id))
        .exec(change.db())
        .await?;
    let now = Utc::now();
    for (m, t) in in_order(targets) {
        indicator_target::ActiveModel {
            program_id: Set(program_id),
            indicator: Set(m.key().to_owned()),
            target_bp: Set(t.bp()),
            updated_by: Set(by),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(change.db())
        .await?;
    }
    let json = |t: &Targets| -> serde_json::Map<String, serde_json::Value> {
        in_order(t)
            .iter()
            .map(|(m, v)| (m.key().to_owned(), serde_json::Value::from(v.to_string())))
            .collect()
    };
    let ev = Event::new("program.targets_changed", "program", program_id)
        .detail(serde_json::json!({ "before": json(&before), "after": json(targets) }));
    change.commit(ev).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indicator_has_one_key_in_federal_order() {
        let codes: Vec<String> = Measure::all().into_iter().map(Measure::code).collect();
        assert_eq!(
            codes,
            [
                "C1", "C2", "C3A SS1", "C3A SS2", "C3B SS1", "C3B SS2", "C3C SS1", "C3C SS2",
                "C4A", "C4B", "C4C", "C5", "C6", "C7", "C8A", "C8B", "C8C"
            ]
        );
        for m in Measure::all() {
            assert_eq!(Measure::from_key(m.key()), Some(m), "{}", m.key());
        }
        assert_eq!(Measure::C3(CosOutcome::B, Statement::Ss2).key(), "c3b_ss2");
    }

    #[test]
    fn targets_parse_as_percents_with_two_decimals_at_most() {
        let ok = [
            ("95", 9_500, "95"),
            (" 95.5 ", 9_550, "95.5"),
            ("1,25", 125, "1.25"),
            ("0", 0, "0"),
            ("100", 10_000, "100"),
            ("100.00", 10_000, "100"),
            ("7.05", 705, "7.05"),
        ];
        for (typed, bp, shown) in ok {
            let t = Target::parse(typed).unwrap_or_else(|| panic!("{typed}"));
            assert_eq!((t.bp(), t.to_string().as_str()), (bp, shown), "{typed}");
        }
        for bad in [
            "120", "100.01", "abc", "-1", "", "9.999", "1e2", "95%", ".5", "1000",
        ] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn met_compares_exactly_without_rounding() {
        let t = Target::parse("66.67").unwrap();
        // 2/3 is 66.666…%: not met, though it prints as 66.7.
        assert!(!t.met_by(2, 3));
        assert!(t.met_by(3, 4));
        assert!(Target::parse("100").unwrap().met_by(5, 5));
        assert!(!Target::parse("100").unwrap().met_by(4, 5));
    }
}
