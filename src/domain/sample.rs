//! Synthetic, valid responses for tests, load generation and benchmarks. Deterministic:
//! the same seed always gives the same answers.

use super::answer::{Answer, Answers};
use super::survey::{QuestionKind, Survey};
use super::validation::visible_questions;

/// A small deterministic generator (SplitMix64), so no randomness crate is needed here.
#[derive(Debug, Clone)]
pub struct SampleRng(u64);

impl SampleRng {
    pub fn new(seed: u64) -> Self {
        SampleRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A complete, valid response: every shown question answered, hidden ones left out.
pub fn answers(survey: &Survey, rng: &mut SampleRng) -> Answers {
    let mut answers = Answers::new();
    // Answer in order so that show-if conditions see the earlier answers.
    for question in survey.questions() {
        if !visible_questions(survey, &answers).contains(question.id.as_str()) {
            continue;
        }
        if let Some(answer) = answer_for(&question.kind, rng) {
            answers.insert(question.id.clone(), answer);
        }
    }
    answers
}

fn answer_for(kind: &QuestionKind, rng: &mut SampleRng) -> Option<Answer> {
    let pick_scale = |scale: &super::survey::Scale, rng: &mut SampleRng| {
        let points = scale.points();
        // Lean toward the satisfied end, as real results do.
        let index = rng.below(points.len() + 2).saturating_sub(2);
        points[index].id.to_string()
    };
    Some(match kind {
        QuestionKind::SingleChoice { options } | QuestionKind::Dropdown { options } => {
            Answer::Text(options[rng.below(options.len())].id.clone())
        }
        QuestionKind::MultipleChoice { options, min, max } => {
            let plain: Vec<_> = options.iter().filter(|o| !o.exclusive).collect();
            let low = min.unwrap_or(1).max(1) as usize;
            let high = (max.unwrap_or(plain.len() as u32) as usize)
                .min(plain.len())
                .max(low);
            let count = low + rng.below(high - low + 1);
            let start = rng.below(plain.len());
            Answer::List(
                (0..count)
                    .map(|i| plain[(start + i) % plain.len()].id.clone())
                    .collect(),
            )
        }
        QuestionKind::Scale { scale, .. } => Answer::Text(pick_scale(scale, rng)),
        QuestionKind::Nps { .. } => Answer::Number(rng.below(11) as f64),
        QuestionKind::Matrix { rows, scale, .. } => Answer::Map(
            rows.iter()
                .map(|r| (r.id.clone(), pick_scale(scale, rng)))
                .collect(),
        ),
        QuestionKind::Number { min, max, .. } => {
            let low = min.unwrap_or(0.0).ceil() as i64;
            let high = max.unwrap_or(low as f64 + 10.0).floor() as i64;
            Answer::Number((low + rng.below((high - low + 1).max(1) as usize) as i64) as f64)
        }
        QuestionKind::ShortText { .. } => Answer::Text("无".into()),
        QuestionKind::LongText { .. } => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{templates, validate};

    #[test]
    fn samples_of_every_template_are_valid() {
        for survey in templates::bundled().unwrap() {
            let mut rng = SampleRng::new(7);
            for _ in 0..300 {
                let given = answers(&survey, &mut rng);
                assert_eq!(
                    validate(&survey, &given),
                    Ok(()),
                    "{}: {given:?}",
                    survey.id
                );
            }
        }
    }
}
