//! The three evaluations that ship ready to use. They are data (JSON survey definitions),
//! compiled in only so that a fresh installation can seed them without any file at hand.

use super::survey::Survey;

/// (file name, JSON) of every bundled template.
pub const TEMPLATE_SOURCES: [(&str, &str); 3] = [
    ("yingshang.json", include_str!("templates/yingshang.json")),
    ("shenji.json", include_str!("templates/shenji.json")),
    ("shuangjian.json", include_str!("templates/shuangjian.json")),
];

/// Parse every bundled template.
pub fn bundled() -> Result<Vec<Survey>, String> {
    TEMPLATE_SOURCES
        .iter()
        .map(|(name, json)| serde_json::from_str(json).map_err(|e| format!("{name}: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::definition_check::check_definition;
    use crate::domain::survey::{QuestionKind, Scale, SurveyKind};

    #[test]
    fn every_template_parses_and_is_well_formed() {
        let surveys = bundled().expect("templates parse");
        assert_eq!(surveys.len(), 3);
        for survey in &surveys {
            assert_eq!(check_definition(survey), Ok(()), "{}", survey.id);
        }
    }

    #[test]
    fn business_environment_has_six_dimensions_with_three_to_five_items() {
        let survey = bundled()
            .unwrap()
            .into_iter()
            .find(|s| s.id == "yingshang-2023")
            .unwrap();
        let mut per_dimension = std::collections::BTreeMap::<String, usize>::new();
        for q in survey.questions() {
            if let Some(d) = &q.dimension {
                *per_dimension.entry(d.clone()).or_default() += 1;
                assert!(matches!(
                    q.kind,
                    QuestionKind::Scale {
                        scale: Scale::Satisfaction5,
                        allow_unknown: true
                    }
                ));
            }
        }
        assert_eq!(per_dimension.len(), 6, "{per_dimension:?}");
        assert!(
            per_dimension.values().all(|n| (3..=5).contains(n)),
            "{per_dimension:?}"
        );
        assert!(survey
            .questions()
            .any(|q| matches!(q.kind, QuestionKind::Nps { .. })));
        assert!(survey
            .questions()
            .any(|q| matches!(q.kind, QuestionKind::MultipleChoice { max: Some(3), .. })));
        assert_eq!(survey.questions().filter(|q| q.profile).count(), 5);
    }

    #[test]
    fn audit_ballot_is_secret_and_has_rectification_items() {
        let survey = bundled()
            .unwrap()
            .into_iter()
            .find(|s| s.id == "shenji-2023")
            .unwrap();
        assert_eq!(survey.kind, SurveyKind::Ballot);
        assert_eq!(survey.access, crate::domain::Access::OneTimeCode);
        let ballot_items = survey
            .questions()
            .filter(|q| {
                matches!(
                    q.kind,
                    QuestionKind::Scale {
                        scale: Scale::Ballot3,
                        ..
                    }
                )
            })
            .count();
        assert!(ballot_items >= 5);
        assert!(
            survey.questions().all(|q| !q.profile),
            "a secret ballot asks nothing about the voter"
        );
    }
}
