//! The IFSP's fixed lists: plan kinds, Part C service types, settings, payers, COS outcomes.

pub const KINDS: [(&str, &str); 5] = [
    ("initial", "Initial IFSP"),
    ("interim", "Interim IFSP"),
    ("review", "Six-month review"),
    ("annual", "Annual IFSP"),
    ("amendment", "Amendment"),
];

/// Part C early intervention services (303.13(b)).
pub const SERVICE_TYPES: [(&str, &str); 17] = [
    ("assistive_technology", "Assistive technology"),
    ("audiology", "Audiology"),
    (
        "family_training",
        "Family training, counseling and home visits",
    ),
    ("health", "Health services"),
    (
        "medical",
        "Medical services (diagnostic or evaluation only)",
    ),
    ("nursing", "Nursing"),
    ("nutrition", "Nutrition"),
    ("occupational_therapy", "Occupational therapy"),
    ("physical_therapy", "Physical therapy"),
    ("psychological", "Psychological services"),
    ("service_coordination", "Service coordination"),
    ("sign_language", "Sign language and cued language"),
    ("social_work", "Social work"),
    ("special_instruction", "Special instruction"),
    ("speech_language", "Speech-language pathology"),
    ("transportation", "Transportation"),
    ("vision", "Vision services"),
];

/// Home and community are natural environments (303.26); anything else needs a
/// justification tied to the outcomes (303.344(d)(1)(ii)).
pub const LOCATIONS: [(&str, &str); 5] = [
    ("home", "Home"),
    ("community", "Community setting (child care, park, library)"),
    ("clinic", "Clinic or hospital"),
    ("center", "Early intervention center"),
    ("other", "Other setting"),
];

pub fn is_natural(location: &str) -> bool {
    matches!(location, "home" | "community")
}

pub const PERIODS: [(&str, &str); 2] = [("week", "per week"), ("month", "per month")];
pub const MODES: [(&str, &str); 2] = [("individual", "Individual"), ("group", "Group")];
pub const METHODS: [(&str, &str); 2] = [("in_person", "In person"), ("telehealth", "Telehealth")];
pub const PAYERS: [(&str, &str); 5] = [
    ("part_c", "Part C funds"),
    ("medicaid", "Medicaid"),
    ("private_insurance", "Private insurance (with consent)"),
    ("family_fee", "Family cost participation"),
    ("other", "Other"),
];
pub const COS: [(&str, &str); 3] = [
    ("A", "A — positive social-emotional skills"),
    ("B", "B — acquiring and using knowledge and skills"),
    ("C", "C — taking appropriate action to meet needs"),
];
