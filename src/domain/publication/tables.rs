//! The published figures as rows, for the aggregate downloads (CSV and XLSX): the same
//! figures as the page, nothing more.

use super::super::stats::Estimate;
use super::Publication;

/// Column titles of the aggregate downloads.
pub const FIGURE_HEADERS: [&str; 9] = [
    "类别",
    "项目",
    "指标",
    "计数",
    "数值",
    "95%下限",
    "95%上限",
    "样本量n",
    "说明",
];

/// One published figure.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub category: String,
    pub subject: String,
    pub measure: String,
    pub count: Option<u64>,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub n: Option<u64>,
    pub note: String,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn estimate_row(
    category: &str,
    subject: &str,
    measure: &str,
    e: &Estimate,
    factor: f64,
) -> FigureRow {
    FigureRow {
        category: category.into(),
        subject: subject.into(),
        measure: measure.into(),
        count: None,
        value: finite(e.value * factor),
        low: finite(e.low * factor),
        high: finite(e.high * factor),
        n: Some(e.n),
        note: String::new(),
    }
}

fn share_row(
    category: &str,
    subject: &str,
    option: &str,
    count: u64,
    share: &Estimate,
) -> FigureRow {
    FigureRow {
        count: Some(count),
        ..estimate_row(
            category,
            subject,
            &format!("{option}占比（%）"),
            share,
            100.0,
        )
    }
}

/// Every figure the page shows, in the page's order.
pub fn figure_rows(p: &Publication) -> Vec<FigureRow> {
    let mut rows = Vec::new();
    let count_row = |category: &str, subject: &str, measure: &str, count: u64| FigureRow {
        category: category.into(),
        subject: subject.into(),
        measure: measure.into(),
        count: Some(count),
        value: None,
        low: None,
        high: None,
        n: None,
        note: String::new(),
    };
    rows.push(count_row(
        "总体",
        &p.title,
        "公开数据份数",
        p.published_responses,
    ));
    if p.withheld {
        return rows;
    }
    if let Some(ballot) = &p.ballot {
        let a = &ballot.attendance;
        rows.push(count_row("总体", &p.title, "应到人数", a.members as u64));
        rows.push(count_row("总体", &p.title, "实到人数", a.present as u64));
        rows.push(count_row(
            "总体",
            &p.title,
            "电子票",
            ballot.electronic_ballots,
        ));
        rows.push(count_row("总体", &p.title, "纸质票", ballot.paper_ballots));
        for item in &ballot.items {
            let t = &item.total;
            for (grade, count) in [
                ("满意票", t.satisfied),
                ("基本满意票", t.basic),
                ("不满意票", t.unsatisfied),
                ("无效票", t.invalid),
            ] {
                rows.push(count_row("测评项目", &item.label, grade, count));
            }
            rows.push(FigureRow {
                value: item.satisfaction_rate.map(|r| r * 100.0),
                n: Some(item.denominator),
                note: match (item.verdict, item.no_verdict) {
                    (Some(v), _) => format!("测评结果：{}", v.label_zh()),
                    (None, Some(why)) => format!("无结果：{}", why.label_zh()),
                    (None, None) => String::new(),
                },
                ..count_row(
                    "测评项目",
                    &item.label,
                    "满意率（%）",
                    t.satisfied + t.basic,
                )
            });
        }
        return rows;
    }
    let r = &p.results;
    if r.index.n > 0 {
        rows.push(estimate_row(
            "总体",
            &p.title,
            "测评指数（0–100）",
            &r.index,
            1.0,
        ));
    }
    for d in &r.dimensions {
        rows.push(estimate_row(
            "维度",
            &d.name,
            "指数（0–100）",
            &d.index,
            1.0,
        ));
        rows.push(estimate_row(
            "维度",
            &d.name,
            "满意率（%）",
            &d.satisfaction,
            100.0,
        ));
    }
    for q in &r.questions {
        for o in &q.options {
            rows.push(share_row("题目", &q.title, &o.label, o.count, &o.share));
        }
        for item in &q.items {
            for point in &item.points {
                rows.push(share_row(
                    "题目",
                    &item.label,
                    &point.label,
                    point.count,
                    &point.share,
                ));
            }
            if item.unknown > 0 {
                rows.push(count_row("题目", &item.label, "不了解", item.unknown));
            }
            rows.push(estimate_row(
                "题目",
                &item.label,
                "满意率（%）",
                &item.satisfaction,
                100.0,
            ));
            rows.push(estimate_row(
                "题目",
                &item.label,
                "指数（0–100）",
                &item.index,
                1.0,
            ));
        }
        if let Some(nps) = &q.nps {
            rows.push(count_row("题目", &q.title, "推荐者（9–10）", nps.promoters));
            rows.push(count_row("题目", &q.title, "中立者（7–8）", nps.passives));
            rows.push(count_row("题目", &q.title, "贬损者（0–6）", nps.detractors));
            rows.push(estimate_row(
                "题目",
                &q.title,
                "净推荐值NPS",
                &nps.score,
                1.0,
            ));
        }
        if let Some(mean) = &q.mean {
            rows.push(estimate_row("题目", &q.title, "均值", mean, 1.0));
        }
    }
    for f in &r.flags {
        rows.push(FigureRow {
            count: Some(f.count),
            ..estimate_row("提示", &f.label, "占比（%）", &f.share, 100.0)
        });
    }
    for table in &p.groups {
        let category = format!("分组：{}", table.title);
        for g in &table.groups {
            rows.push(FigureRow {
                count: Some(g.responses),
                ..estimate_row(&category, &g.label, "测评指数（0–100）", &g.index, 1.0)
            });
            for (name, e) in table.dimensions.iter().zip(&g.dimensions) {
                rows.push(estimate_row(
                    &category,
                    &g.label,
                    &format!("{name}指数（0–100）"),
                    e,
                    1.0,
                ));
            }
        }
    }
    rows
}

impl FigureRow {
    /// The row as text cells in [`FIGURE_HEADERS`] order (numbers to 4 decimals).
    pub fn cells(&self) -> [String; 9] {
        let number = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
        [
            self.category.clone(),
            self.subject.clone(),
            self.measure.clone(),
            self.count.map(|c| c.to_string()).unwrap_or_default(),
            number(self.value),
            number(self.low),
            number(self.high),
            self.n.map(|n| n.to_string()).unwrap_or_default(),
            self.note.clone(),
        ]
    }
}
