//! The value lists of migration 000019, written out as they were when it ran (a migration
//! must keep meaning what it meant): one list per enum of the app's `src/entities/`.
use super::Shape;

/// (table, column, allowed values)
pub(super) const GUARDS: &[(&str, &str, &[&str])] = &[
    (
        "children",
        "status",
        &["referred", "evaluating", "active", "not_eligible", "exited"],
    ),
    ("children", "sex", &["female", "male", "unknown"]),
    (
        "children",
        "exit_category",
        &[
            "completed_before_3",
            "part_b_eligible",
            "not_part_b_eligible_referred",
            "not_part_b_eligible_no_referrals",
            "part_b_not_determined",
            "deceased",
            "moved_out_of_state",
            "withdrawn_by_parent",
            "unable_to_contact",
        ],
    ),
    (
        "users",
        "role",
        &["admin", "supervisor", "coordinator", "provider"],
    ),
    ("users", "discipline", DISCIPLINES),
    (
        "caregivers",
        "relationship",
        &[
            "mother",
            "father",
            "grandparent",
            "foster_parent",
            "guardian",
            "other",
        ],
    ),
    (
        "caregivers",
        "preferred_contact",
        &["phone", "text", "email"],
    ),
    ("caregivers", "language", LANGUAGES),
    (
        "referrals",
        "source",
        &[
            "parent",
            "physician",
            "hospital_nicu",
            "child_welfare",
            "other",
        ],
    ),
    (
        "consents",
        "kind",
        &[
            "evaluation",
            "release_of_information",
            "email",
            "lea_opt_out",
        ],
    ),
    (
        "credentials",
        "kind",
        &["license", "endorsement", "certification"],
    ),
    ("delays", "clock", &["initial_ifsp"]),
    (
        "delays",
        "reason",
        &[
            "exceptional_family_circumstances",
            "consent_attempts",
            "agency",
        ],
    ),
    ("evaluation_results", "domain", DOMAINS),
    (
        "ifsps",
        "kind",
        &["initial", "interim", "review", "annual", "amendment"],
    ),
    ("ifsps", "status", &["draft", "signed", "superseded"]),
    ("ifsp_outcomes", "kind", &["child", "family"]),
    ("ifsp_outcomes", "cos_outcome", COS_OUTCOMES),
    (
        "ifsp_services",
        "service_type",
        &[
            "assistive_technology",
            "audiology",
            "family_training",
            "health",
            "medical",
            "nursing",
            "nutrition",
            "occupational_therapy",
            "physical_therapy",
            "psychological",
            "service_coordination",
            "sign_language",
            "social_work",
            "special_instruction",
            "speech_language",
            "transportation",
            "vision",
        ],
    ),
    ("ifsp_services", "discipline", DISCIPLINES),
    ("ifsp_services", "period", &["week", "month"]),
    ("ifsp_services", "mode", &["individual", "group"]),
    ("ifsp_services", "method", VISIT_METHODS),
    ("ifsp_services", "location", SETTINGS),
    (
        "ifsp_services",
        "payer",
        &[
            "part_c",
            "medicaid",
            "private_insurance",
            "family_fee",
            "other",
        ],
    ),
    ("ifsp_signatures", "role", &["parent", "coordinator"]),
    ("ifsp_signatures", "method", &["in_person", "remote"]),
    ("cos_ratings", "phase", &["entry", "exit"]),
    (
        "outcome_progress",
        "rating",
        &[
            "achieved",
            "progressing",
            "not_yet",
            "revise",
            "discontinue",
        ],
    ),
    ("visits", "status", &["scheduled", "completed", "cancelled"]),
    ("visits", "method", VISIT_METHODS),
    ("visits", "location", SETTINGS),
    ("visits", "cancelled_by", &["family", "provider", "no_show"]),
    // Empty until the note names the routine.
    (
        "visits",
        "routine",
        &[
            "",
            "mealtime",
            "bath",
            "dressing",
            "diapering",
            "bedtime",
            "play",
            "outdoors",
            "errands",
            "chores",
            "books",
        ],
    ),
    ("activities", "status", &["draft", "published"]),
    ("activities", "cos_outcome", COS_OUTCOMES),
    ("activity_texts", "lang", LANGUAGES),
    ("coaching_notes", "status", &["draft", "sent"]),
    ("coaching_notes", "language", LANGUAGES),
    (
        "outbox",
        "kind",
        &["coaching_note", "lea_notification", "referral_packet"],
    ),
    ("outbox", "status", &["queued", "sending", "sent", "failed"]),
    ("outbox", "language", LANGUAGES),
    // Empty while the attempt runs (and for good if its worker died).
    (
        "outbox_attempts",
        "outcome",
        &["", "sent", "temporary", "permanent", "interrupted"],
    ),
    (
        "agencies",
        "kind",
        &[
            "lea",
            "sea",
            "head_start",
            "early_head_start",
            "child_care",
            "medical_home",
            "wic",
            "child_welfare",
            "other",
        ],
    ),
    (
        "agencies",
        "preferred_channel",
        &["email", "fax", "mail", "portal", "phone"],
    ),
    (
        "disclosures",
        "kind",
        &["lea_notification", "referral_packet", "packet_opened"],
    ),
    ("disclosures", "channel", &["email", "document", "link"]),
    // Empty until the agency answers.
    (
        "referral_packets",
        "outcome",
        &[
            "",
            "part_b_eligible",
            "not_eligible",
            "evaluation_pending",
            "enrolled",
            "family_declined",
        ],
    ),
];

/// (table, column, allowed items, shape) for columns holding a list.
pub(super) const LIST_GUARDS: &[(&str, &str, &[&str], Shape)] = &[
    ("activities", "domains", DOMAINS, Shape::Commas),
    ("activities", "routines", ROUTINES, Shape::Commas),
    ("consents", "records", DOCUMENTS, Shape::Commas),
    ("referral_packets", "documents", DOCUMENTS, Shape::JsonArray),
];

pub(super) const LANGUAGES: &[&str] = &["en", "es"];
pub(super) const ROUTINES: &[&str] = &[
    "mealtime",
    "bath",
    "dressing",
    "diapering",
    "bedtime",
    "play",
    "outdoors",
    "errands",
    "chores",
    "books",
];
pub(super) const DOCUMENTS: &[&str] = &["ifsp", "evaluation", "visit_notes", "cos"];
pub(super) const COS_OUTCOMES: &[&str] = &["A", "B", "C"];
pub(super) const VISIT_METHODS: &[&str] = &["in_person", "telehealth", "phone"];
pub(super) const SETTINGS: &[&str] = &["home", "community", "clinic", "center", "other"];
pub(super) const DOMAINS: &[&str] = &[
    "cognitive",
    "physical",
    "communication",
    "social_emotional",
    "adaptive",
];
pub(super) const DISCIPLINES: &[&str] = &[
    "slp",
    "ot",
    "pt",
    "dev_specialist",
    "social_worker",
    "psychologist",
    "nurse",
    "dietitian",
    "audiologist",
    "vision",
    "family_therapist",
];
