//! The synthetic program's staff: an admin, a supervisor per ten coordinators, a
//! coordinator per ~50 children and a provider per ~33, spread over the disciplines.
use super::load::{Ids, next, noon};
use crate::entities::user::{self, Discipline, Role};
use chrono::{Duration, NaiveDate};
use rand::seq::IndexedRandom;

pub const FIRST: [&str; 40] = [
    "Ava", "Liam", "Noah", "Emma", "Mia", "Lucas", "Sofía", "Mateo", "Zoe", "Ethan", "Aria", "Leo",
    "Maya", "Elijah", "Chloe", "Omar", "Layla", "Kai", "Nora", "Amir", "Ruby", "Theo", "Isla",
    "Jamal", "Hana", "Diego", "Grace", "Arjun", "Lily", "Samuel", "Fatima", "Owen", "Priya",
    "Caleb", "Mei", "Julian", "Amara", "Felix", "Nadia", "Ezra",
];
pub const LAST: [&str; 40] = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Miller",
    "Davis",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Pérez",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Nguyen",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Hill",
    "Flores",
    "Green",
    "Adams",
];

/// Disciplines of the providers, in turn (speech therapists are the most common).
pub const DISCIPLINES: [Discipline; 5] = [
    Discipline::SpeechLanguage,
    Discipline::DevelopmentalSpecialist,
    Discipline::Occupational,
    Discipline::Physical,
    Discipline::SpeechLanguage,
];

pub struct Team {
    pub users: Vec<user::Model>,
    pub coordinators: Vec<i32>,
    /// (id, discipline, display name)
    pub providers: Vec<(i32, Discipline, String)>,
    pub supervisor: i32,
}

impl Team {
    pub fn coordinator_email(&self) -> String {
        self.users
            .iter()
            .find(|u| u.role == Role::Coordinator)
            .map(|u| u.email.clone())
            .unwrap_or_default()
    }

    /// The providers of `discipline`, or all of them when there is none.
    pub fn of(&self, discipline: Discipline) -> Vec<&(i32, Discipline, String)> {
        let found: Vec<_> = self
            .providers
            .iter()
            .filter(|p| p.1 == discipline)
            .collect();
        if found.is_empty() {
            self.providers.iter().collect()
        } else {
            found
        }
    }
}

pub fn team(
    program_id: i32,
    children: usize,
    seed: u64,
    hash: &str,
    today: NaiveDate,
    ids: &mut Ids,
) -> Team {
    let coordinators = children.div_ceil(50);
    let providers = children.div_ceil(33).max(DISCIPLINES.len() - 1);
    let supervisors = coordinators.div_ceil(10);
    let mut rng = super::rng(seed, 1, 0);
    let since = noon(today - Duration::days(1_200));
    let mut users = Vec::new();
    let mut add = |role: Role, discipline: Option<Discipline>, local: String| {
        let first = FIRST.choose(&mut rng).copied().unwrap_or("Sam");
        let last = LAST.choose(&mut rng).copied().unwrap_or("Lee");
        let id = next(&mut ids.user);
        let name = format!("{first} {last}");
        users.push(user::Model {
            id,
            program_id,
            email: format!("{local}@synthetic.example"),
            display_name: name.clone(),
            password_hash: hash.to_owned(),
            role,
            discipline,
            active: true,
            created_at: since,
            updated_at: since,
        });
        (id, name)
    };
    add(Role::Admin, None, "admin".into());
    let supervisor = add(Role::Supervisor, None, "supervisor1".into()).0;
    for i in 2..=supervisors {
        add(Role::Supervisor, None, format!("supervisor{i}"));
    }
    let coordinator_ids = (1..=coordinators)
        .map(|i| add(Role::Coordinator, None, format!("coordinator{i}")).0)
        .collect();
    let provider_list = (1..=providers)
        .map(|i| {
            let d = DISCIPLINES[(i - 1) % DISCIPLINES.len()];
            let (id, name) = add(Role::Provider, Some(d), format!("provider{i}"));
            (id, d, name)
        })
        .collect();
    Team {
        users,
        coordinators: coordinator_ids,
        providers: provider_list,
        supervisor,
    }
}
