//! Every chart rendered to SVG: the labels drawn and the bar sizes follow the data.

use super::*;
use crate::domain::answer::Answers;
use crate::domain::ballot::{decide, item_votes, Attendance};
use crate::domain::results::query::PeriodCount;
use crate::domain::results::{
    breakdown, compare_waves, compute, Codebook, Filter, ResponseTable, SurveyResults,
};
use crate::domain::sample::{answers, SampleRng};
use crate::domain::survey::Survey;
use crate::domain::templates::bundled;

/// A `<rect>` of the SVG: (x, y, width, height, fill).
#[derive(Debug, Clone, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    fill: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn rects(svg: &str) -> Vec<Rect> {
    svg.split("<rect")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find("/>").unwrap_or(tag.len())];
            Some(Rect {
                x: attr(tag, "x")?.parse().ok()?,
                y: attr(tag, "y")?.parse().ok()?,
                w: attr(tag, "width")?.parse().ok()?,
                h: attr(tag, "height")?.parse().ok()?,
                fill: attr(tag, "fill")?.to_uppercase(),
            })
        })
        .collect()
}

fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let start = t.find('>')? + 1;
            let end = t.find("</text>")?;
            Some(t[start..end].trim().to_string())
        })
        .collect()
}

fn filled(svg: &str, color: &str) -> Vec<Rect> {
    rects(svg).into_iter().filter(|r| r.fill == color).collect()
}

const BLUE: &str = "#1D4ED8";

fn template(id: &str) -> Survey {
    bundled().unwrap().into_iter().find(|s| s.id == id).unwrap()
}

fn table_of(survey: &Survey, count: usize, seed: u64) -> ResponseTable {
    let mut table = ResponseTable::new(Codebook::new(survey));
    let mut rng = SampleRng::new(seed);
    for i in 0..count {
        let encoded = table.codebook.encode(&answers(survey, &mut rng));
        table.push(&encoded, 1_700_000_000_000 + i as i64 * 600_000, "");
    }
    table
}

fn results(survey: &Survey, table: &ResponseTable) -> SurveyResults {
    compute(survey, &table.codebook, table.total())
}

/// The chart as SVG; the test fails if it could not be drawn.
fn draw_svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area<plotters::prelude::SVGBackend<'_>>) -> Result<(), SvgError>,
) -> String {
    to_svg(width, height, draw).unwrap_or_else(|e| panic!("the chart failed to draw: {e}"))
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

#[test]
fn distribution_segments_are_as_wide_as_their_shares() {
    let survey = template("yingshang-2023");
    let table = table_of(&survey, 400, 1);
    let r = results(&survey, &table);
    let items: Vec<_> = r.items().take(4).cloned().collect();
    let svg = draw_svg(800, 360, |area| {
        distribution(area, &items, &ChartStyle::svg())
    });
    let labels = texts(&svg);
    for item in &items {
        assert!(
            labels.iter().any(|t| t.starts_with(&item.label[..6])),
            "{} missing",
            item.label
        );
        assert!(
            labels.contains(&format!("n={} 不了解{}", item.mean.n, item.unknown))
                || item.unknown == 0
        );
    }
    assert!(labels.iter().any(|t| t == "非常满意"), "legend");
    // The 非常满意 segments: widths proportional to their shares, all starting at one x.
    let best: Vec<Rect> = filled(&svg, BLUE)
        .into_iter()
        .filter(|r| r.h > 12.0)
        .collect();
    assert_eq!(best.len(), items.len());
    let full = best[0].w / items[0].points[0].share.value;
    for (rect, item) in best.iter().zip(&items) {
        assert!(
            close(rect.w, full * item.points[0].share.value, 1.5),
            "{rect:?} vs {}",
            item.points[0].share.value
        );
        assert_eq!(rect.x, best[0].x);
    }
    // Each row's segments add up to the full width.
    let row_y = best[0].y;
    let row_width: f64 = rects(&svg)
        .iter()
        .filter(|r| r.y == row_y && r.h == best[0].h)
        .map(|r| r.w)
        .sum();
    assert!(close(row_width, full, 5.0), "{row_width} vs {full}");
}

#[test]
fn dimension_ranking_sorts_and_scales_bars() {
    let survey = template("yingshang-2023");
    let r = results(&survey, &table_of(&survey, 300, 2));
    let svg = draw_svg(700, 320, |area| {
        dimension_ranking(area, &r.dimensions, &ChartStyle::svg())
    });
    let labels = texts(&svg);
    let mut expected: Vec<_> = r.dimensions.clone();
    expected.sort_by(|a, b| b.index.value.total_cmp(&a.index.value));
    let positions: Vec<usize> = expected
        .iter()
        .map(|d| {
            labels
                .iter()
                .position(|t| t == &d.name)
                .unwrap_or_else(|| panic!("{}", d.name))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "ranked order");
    let bars: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == BLUE && r.h > 10.0)
        .collect();
    assert_eq!(bars.len(), 6);
    let per_point = bars[0].w / expected[0].index.value;
    for (bar, d) in bars.iter().zip(&expected) {
        assert!(close(bar.w, per_point * d.index.value, 1.5));
    }
    assert!(labels
        .iter()
        .any(|t| t.starts_with(&format!("{:.1}（", expected[0].index.value))));
}

#[test]
fn ballot_tally_marks_half_and_shows_each_verdict() {
    let survey = template("shenji-2023");
    let mut table = ResponseTable::new(Codebook::new(&survey));
    let grades = ["satisfied"; 16]
        .iter()
        .chain(["basic"; 8].iter())
        .chain(["unsatisfied"; 4].iter());
    for grade in grades {
        let answers: Answers =
            serde_json::from_value(serde_json::json!({"report": grade, "budget": "unsatisfied"}))
                .unwrap();
        table.push(&table.codebook.encode(&answers), 0, "");
    }
    let votes = item_votes(&survey, &table.codebook, table.total());
    let outcome = decide(
        survey.ballot.as_ref().unwrap(),
        Attendance {
            members: 30,
            present: 28,
        },
        28,
        0,
        &votes,
    );
    let closed = draw_svg(900, 420, |area| {
        ballot_tally(area, &outcome, &ChartStyle::svg())
    });
    let grade_words = |svg: &str| -> Vec<String> {
        texts(svg)
            .into_iter()
            .filter(|t| ["满意", "基本满意", "不满意"].contains(&t.as_str()))
            .collect()
    };
    let verdicts = grade_words(&closed);
    // The legend names the three grades once; then the verdicts: report 16 > 15 → 满意,
    // budget 0 → 不满意, four items with no votes → 不满意.
    assert_eq!(&verdicts[3..5], &["满意", "不满意"]);
    // The 满意 segment of the report is 16/30 of the axis; the 基本满意 one 8/30.
    let report_row = filled(&closed, BLUE)
        .into_iter()
        .find(|r| r.h > 12.0)
        .unwrap();
    let basic = filled(&closed, "#60A5FA")
        .into_iter()
        .find(|r| r.h > 12.0)
        .unwrap();
    assert!(
        close(basic.w * 2.0, report_row.w, 2.0),
        "{basic:?} {report_row:?}"
    );
    // The half mark sits at 15 of 30: left edge + 15/16 of the 满意 segment.
    assert!(closed.contains("#B91C1C"), "half line drawn");
}

#[test]
fn nps_columns_follow_the_distribution() {
    let survey = template("yingshang-2023");
    let r = results(&survey, &table_of(&survey, 500, 3));
    let nps = r.question("nps").unwrap().nps.clone().unwrap();
    let svg = draw_svg(640, 320, |area| {
        nps_distribution(area, &nps, &ChartStyle::svg())
    });
    assert!(texts(&svg).iter().any(|t| t.starts_with("NPS ")));
    let mut columns: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| ["#B91C1C", "#9CA3AF", BLUE].contains(&r.fill.as_str()))
        .collect();
    columns.sort_by(|a, b| a.x.total_cmp(&b.x));
    assert_eq!(
        columns.len(),
        nps.distribution.iter().filter(|c| **c > 0).count()
    );
    let (tallest, count) = columns
        .iter()
        .zip(nps.distribution.iter().filter(|c| **c > 0))
        .fold(
            (0.0, 0),
            |acc, (r, c)| if r.h > acc.0 { (r.h, *c) } else { acc },
        );
    assert_eq!(count, *nps.distribution.iter().max().unwrap());
    for (rect, c) in columns
        .iter()
        .zip(nps.distribution.iter().filter(|c| **c > 0))
    {
        assert!(close(rect.h, tallest * *c as f64 / count as f64, 1.5));
    }
}

#[test]
fn choice_shares_and_breakdown_and_waves_and_timeline_draw_their_data() {
    let survey = template("yingshang-2023");
    let table = table_of(&survey, 300, 4);
    let r = results(&survey, &table);
    let size = r.question("ent_size").unwrap();
    let svg = draw_svg(640, 260, |area| {
        choice_shares(area, size, &ChartStyle::svg())
    });
    for o in &size.options {
        assert!(texts(&svg).contains(&o.label), "{}", o.label);
        assert!(texts(&svg).contains(&format!("{:.1}% ({})", o.share.value * 100.0, o.count)));
    }

    let b = breakdown(&survey, &table, "ent_size", &Filter::default()).unwrap();
    let svg = draw_svg(640, 260, |area| {
        group_breakdown(area, &GroupFigure::SurveyIndex.bars(&b), &ChartStyle::svg())
    });
    for g in &b.groups {
        assert!(texts(&svg).contains(&format!("{}（n={}）", g.label, g.results.responses)));
        assert!(texts(&svg).contains(&format!("{:.1}", g.results.index.value)));
    }

    let mut old = survey.clone();
    old.id = "yingshang-2022".into();
    old.wave = "2022".into();
    let old_results = results(&old, &table_of(&old, 200, 5));
    let c = compare_waves(&[r.clone(), old_results]);
    let svg = draw_svg(800, 500, |area| {
        wave_comparison(area, &c, &ChartStyle::svg())
    });
    assert!(texts(&svg).contains(&"2022年（n=200）".to_string()));
    assert!(texts(&svg).contains(&"总体指数".to_string()));
    let change = c.figures[0].values[1].unwrap().value - c.figures[0].values[0].unwrap().value;
    assert!(texts(&svg).contains(&format!("{change:+.1}")));

    let periods = vec![
        PeriodCount {
            start_ms: 0,
            count: 5,
        },
        PeriodCount {
            start_ms: 3_600_000,
            count: 10,
        },
    ];
    let svg = draw_svg(640, 260, |area| {
        timeline(
            area,
            &periods,
            Some(30),
            &|ms| format!("{}时", ms / 3_600_000),
            &ChartStyle::svg(),
        )
    });
    assert!(texts(&svg)
        .iter()
        .any(|t| t == "已收 15 份，目标 30 份（50%）"));
    let bars: Vec<Rect> = rects(&svg).into_iter().filter(|r| r.fill == BLUE).collect();
    assert_eq!(bars.len(), 2);
    assert!(close(bars[1].h, 2.0 * bars[0].h, 1.5));
}

#[test]
fn empty_results_say_so_instead_of_drawing_nothing() {
    let survey = template("yingshang-2023");
    let r = results(&survey, &ResponseTable::new(Codebook::new(&survey)));
    let svg = draw_svg(400, 200, |area| {
        dimension_ranking(area, &r.dimensions, &ChartStyle::svg())
    });
    assert!(texts(&svg).contains(&"暂无数据".to_string()));
    let svg = draw_svg(400, 200, |area| {
        timeline(area, &[], None, &|_| String::new(), &ChartStyle::svg())
    });
    assert!(texts(&svg).contains(&"尚无答卷".to_string()));
}

#[test]
fn a_chart_that_fails_to_draw_is_an_error_not_a_partial_picture() {
    let failed = to_svg(400, 200, |area| {
        area.fill(&plotters::style::WHITE)?;
        Err(plotters::prelude::DrawingAreaErrorKind::LayoutError)
    });
    assert!(
        matches!(
            failed,
            Err(plotters::prelude::DrawingAreaErrorKind::LayoutError)
        ),
        "{failed:?}"
    );
}

/// Every chart kind the public pages serve draws a whole SVG document of the size asked
/// that names its data; each is written to `target/chart-samples/` for a look by eye.
#[test]
fn every_chart_kind_draws_a_whole_document_naming_its_data() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let survey = template("yingshang-2023");
    let table = table_of(&survey, 500, 9);
    let r = results(&survey, &table);
    let style = ChartStyle::svg();
    let items: Vec<_> = r.items().take(8).cloned().collect();
    let nps = r.question("nps").unwrap().nps.clone().unwrap();
    let improve = r.question("improve").unwrap();
    let b = breakdown(&survey, &table, "ent_type", &Filter::default()).unwrap();
    let bars = GroupFigure::SurveyIndex.bars(&b);
    let first_chars = |label: &str| label.chars().take(2).collect::<String>();
    let samples = [
        (
            "distribution.svg",
            (800, 400),
            to_svg(800, 400, |a| distribution(a, &items, &style)),
            first_chars(&items[0].label),
        ),
        (
            "ranking.svg",
            (800, 300),
            to_svg(800, 300, |a| dimension_ranking(a, &r.dimensions, &style)),
            r.dimensions[0].name.clone(),
        ),
        (
            "nps.svg",
            (640, 300),
            to_svg(640, 300, |a| nps_distribution(a, &nps, &style)),
            "NPS ".to_string(),
        ),
        (
            "choice.svg",
            (640, 300),
            to_svg(640, 300, |a| choice_shares(a, improve, &style)),
            first_chars(&improve.options[0].label),
        ),
        (
            "breakdown.svg",
            (640, 300),
            to_svg(640, 300, |a| group_breakdown(a, &bars, &style)),
            first_chars(&b.groups[0].label),
        ),
    ];
    for (name, (width, height), drawn, label) in samples {
        let svg = drawn.unwrap_or_else(|e| panic!("{name} failed to draw: {e}"));
        assert!(
            svg.starts_with(&format!("<svg width=\"{width}\" height=\"{height}\""))
                && svg.trim_end().ends_with("</svg>"),
            "{name} is not a whole document of {width}×{height}"
        );
        assert!(
            texts(&svg).iter().any(|t| t.starts_with(&label)),
            "{name} names no {label}"
        );
        assert!(
            rects(&svg)
                .iter()
                .any(|r| r.fill == BLUE && r.w > 0.0 && r.h > 0.0),
            "{name} draws no bar"
        );
        std::fs::write(dir.join(name), svg).unwrap();
    }
}
