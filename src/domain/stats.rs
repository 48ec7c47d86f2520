//! Estimates with 95 % intervals. Every figure the committee reads carries its n.

use serde::{Deserialize, Serialize};

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A figure, its 95 % interval and the number of answers it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    #[serde(with = "nan_as_null")]
    pub value: f64,
    #[serde(with = "nan_as_null")]
    pub low: f64,
    #[serde(with = "nan_as_null")]
    pub high: f64,
    pub n: u64,
}

/// JSON has no NaN: "no figure" travels as `null` and reads back as NaN.
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            serializer.serialize_f64(*value)
        } else {
            serializer.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
    }
}

impl Estimate {
    /// Nothing to estimate from: value and bounds are NaN, which serialises as `null`.
    pub fn empty() -> Self {
        Estimate {
            value: f64::NAN,
            low: f64::NAN,
            high: f64::NAN,
            n: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0 || self.value.is_nan()
    }

    /// The same estimate on another linear scale: `value * factor + offset`.
    pub fn mapped(self, factor: f64, offset: f64) -> Self {
        let (a, b) = (self.low * factor + offset, self.high * factor + offset);
        Estimate {
            value: self.value * factor + offset,
            low: a.min(b),
            high: a.max(b),
            n: self.n,
        }
    }

    fn clamped(self, min: f64, max: f64) -> Self {
        Estimate {
            low: self.low.clamp(min, max),
            high: self.high.clamp(min, max),
            ..self
        }
    }
}

/// A proportion `hits / n` with its Wilson score interval, which stays inside 0–1 and
/// behaves at small n and at 0 % or 100 % (where the textbook ± interval collapses).
pub fn wilson(hits: u64, n: u64) -> Estimate {
    if n == 0 {
        return Estimate::empty();
    }
    let nf = n as f64;
    let p = hits as f64 / nf;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denominator;
    let half = Z95 / denominator * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    Estimate {
        value: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
        n,
    }
}

/// Running moments of a sample, enough for a mean and its interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    pub n: u64,
    pub sum: f64,
    pub sum_squares: f64,
}

impl Moments {
    pub fn add(&mut self, value: f64, weight: u64) {
        let w = weight as f64;
        self.n += weight;
        self.sum += value * w;
        self.sum_squares += value * value * w;
    }

    /// The mean with a normal-approximation 95 % interval (sample standard deviation).
    /// With one answer the interval is the point itself: there is no spread to measure.
    pub fn mean(&self) -> Estimate {
        if self.n == 0 {
            return Estimate::empty();
        }
        let n = self.n as f64;
        let mean = self.sum / n;
        let half = if self.n > 1 {
            let variance = ((self.sum_squares - n * mean * mean) / (n - 1.0)).max(0.0);
            Z95 * (variance / n).sqrt()
        } else {
            0.0
        };
        Estimate {
            value: mean,
            low: mean - half,
            high: mean + half,
            n: self.n,
        }
    }
}

/// A 0–100 index from the mean of scores between `min` and `max`:
/// (mean − min) / (max − min) × 100, interval mapped the same way.
pub fn index_from_mean(mean: Estimate, min: f64, max: f64) -> Estimate {
    if mean.is_empty() {
        return Estimate::empty();
    }
    let factor = 100.0 / (max - min);
    mean.mapped(factor, -min * factor).clamped(0.0, 100.0)
}

/// Net promoter score from promoters (9–10), passives (7–8) and detractors (0–6), in points
/// from −100 to 100. Each answer counts +1, 0 or −1; the interval is that mean's.
pub fn net_promoter(promoters: u64, passives: u64, detractors: u64) -> Estimate {
    let n = promoters + passives + detractors;
    if n == 0 {
        return Estimate::empty();
    }
    let nf = n as f64;
    let (p, d) = (promoters as f64 / nf, detractors as f64 / nf);
    let score = p - d;
    let variance = (p + d - score * score).max(0.0);
    let half = Z95 * (variance / nf).sqrt();
    Estimate {
        value: score * 100.0,
        low: ((score - half) * 100.0).max(-100.0),
        high: ((score + half) * 100.0).min(100.0),
        n,
    }
}

/// A weighted mean of estimates (a dimension from its items, the survey from its
/// dimensions). Empty parts are left out and the weights of the rest renormalised.
///
/// The interval is conservative: the standard error of a weighted sum is at most the
/// weighted sum of the standard errors (the parts are answered by the same people and are
/// correlated, so assuming independence would claim too much precision).
pub fn weighted_mean(parts: &[(Estimate, f64)]) -> Estimate {
    let used: Vec<&(Estimate, f64)> = parts
        .iter()
        .filter(|(e, w)| !e.is_empty() && *w > 0.0)
        .collect();
    let total_weight: f64 = used.iter().map(|(_, w)| w).sum();
    if used.is_empty() || total_weight <= 0.0 {
        return Estimate::empty();
    }
    let value = used.iter().map(|(e, w)| e.value * w).sum::<f64>() / total_weight;
    let below = used.iter().map(|(e, w)| (e.value - e.low) * w).sum::<f64>() / total_weight;
    let above = used
        .iter()
        .map(|(e, w)| (e.high - e.value) * w)
        .sum::<f64>()
        / total_weight;
    Estimate {
        value,
        low: value - below,
        high: value + above,
        n: used.iter().map(|(e, _)| e.n).max().unwrap_or(0),
    }
}

/// One decimal, as the committee's reports print indices; "—" for no value.
pub fn one_decimal(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1}")
    } else {
        "—".into()
    }
}

/// A share (0–1) as a percentage with one decimal; "—" for no value.
pub fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1}%", share * 100.0)
    } else {
        "—".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn an_empty_estimate_travels_as_null_and_comes_back() {
        let json = serde_json::to_string(&Estimate::empty()).unwrap();
        assert_eq!(json, r#"{"value":null,"low":null,"high":null,"n":0}"#);
        let back: Estimate = serde_json::from_str(&json).unwrap();
        assert!(back.is_empty() && back.low.is_nan());
        let full = wilson(3, 4);
        let back: Estimate = serde_json::from_str(&serde_json::to_string(&full).unwrap()).unwrap();
        // serde_json's default float parser may differ in the last bit (exact parsing
        // would cost the respondent's bundle 7 KB).
        assert!(close(back.high, full.high) && close(back.low, full.low) && back.n == 4);
    }

    #[test]
    fn wilson_matches_hand_computed_values() {
        // (hits, n, p, low, high), computed by hand from the Wilson formula with z = 1.96.
        let table = [
            (0, 10, 0.0, 0.0, 0.2775),
            (10, 10, 1.0, 0.7225, 1.0),
            (5, 10, 0.5, 0.2366, 0.7634),
            (81, 100, 0.81, 0.7222, 0.8749),
            (1, 1, 1.0, 0.2065, 1.0),
        ];
        for (hits, n, p, low, high) in table {
            let e = wilson(hits, n);
            assert!(close(e.value, p), "{hits}/{n}: {e:?}");
            assert!(close(e.low, low), "{hits}/{n} low: {e:?}");
            assert!(close(e.high, high), "{hits}/{n} high: {e:?}");
            assert_eq!(e.n, n);
        }
        assert!(wilson(0, 0).is_empty());
    }

    #[test]
    fn mean_interval_uses_the_sample_deviation() {
        let mut m = Moments::default();
        for v in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            m.add(v, 1);
        }
        let e = m.mean();
        assert!(close(e.value, 5.0));
        // s = sqrt(32 / 7) = 2.138; half = 1.96 * 2.138 / sqrt(8) = 1.4816
        assert!(close(e.high - e.value, 1.4816), "{e:?}");
        let mut one = Moments::default();
        one.add(3.0, 1);
        assert_eq!(one.mean().low, 3.0);
        assert!(Moments::default().mean().is_empty());
    }

    #[test]
    fn index_maps_mean_linearly_and_clamps() {
        let mean = Estimate {
            value: 4.0,
            low: 3.5,
            high: 5.2,
            n: 9,
        };
        let index = index_from_mean(mean, 1.0, 5.0);
        assert!(close(index.value, 75.0));
        assert!(close(index.low, 62.5));
        assert_eq!(index.high, 100.0);
    }

    #[test]
    fn net_promoter_counts_plus_and_minus() {
        let e = net_promoter(50, 30, 20);
        assert!(close(e.value, 30.0));
        // variance = 0.7 - 0.09 = 0.61; half = 1.96 * sqrt(0.0061) = 0.15308
        assert!(close(e.low, 30.0 - 15.308), "{e:?}");
        assert_eq!(net_promoter(0, 0, 0).n, 0);
        assert!(close(net_promoter(0, 0, 4).value, -100.0));
    }

    #[test]
    fn weighted_mean_skips_empty_parts_and_widens_conservatively() {
        let a = Estimate {
            value: 80.0,
            low: 78.0,
            high: 82.0,
            n: 100,
        };
        let b = Estimate {
            value: 60.0,
            low: 54.0,
            high: 66.0,
            n: 90,
        };
        let e = weighted_mean(&[(a, 3.0), (b, 1.0), (Estimate::empty(), 5.0)]);
        assert!(close(e.value, 75.0));
        assert!(close(e.low, 75.0 - 3.0), "{e:?}");
        assert_eq!(e.n, 100);
        assert!(weighted_mean(&[]).is_empty());
    }
}
