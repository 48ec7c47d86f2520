//! Staff exports: one row per response, one column per question (or matrix row), answers
//! as the labels people read, not ids. Used by the CSV and XLSX downloads alike.

use super::answer::{Answer, Answers};
use super::calendar::beijing_minute;
use super::publication::PublicRecord;
use super::spreadsheet::csv_cell;
use super::survey::{QuestionKind, Survey, SurveyKind, UNKNOWN, UNKNOWN_LABEL_ZH};

/// One exported value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    /// The value as a CSV cell, safe to open in a spreadsheet.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => csv_cell(t).into_owned(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// Where a column's value comes from: a question's answer, or one row of a matrix.
#[derive(Debug, Clone)]
struct Source {
    question: String,
    kind: QuestionKind,
    row: Option<String>,
}

/// The columns of an export for one survey.
#[derive(Debug, Clone)]
pub struct ExportLayout {
    pub headers: Vec<String>,
    sources: Vec<Source>,
    /// Staff see each response's id, arrival time and channel first. A secret ballot has
    /// none of them (docs/trust.md), and the published data never does.
    with_lead: bool,
}

impl ExportLayout {
    pub fn new(survey: &Survey) -> Self {
        let with_lead = survey.kind != SurveyKind::Ballot;
        let headers = if with_lead {
            vec![
                "答卷编号".to_string(),
                "提交时间（北京时间）".into(),
                "渠道".into(),
            ]
        } else {
            Vec::new()
        };
        Self::with_leading(survey, headers, with_lead)
    }

    /// The published data (`survey` is the published definition): no id, time or channel.
    pub fn published(survey: &Survey) -> Self {
        Self::with_leading(survey, Vec::new(), false)
    }

    fn with_leading(survey: &Survey, mut headers: Vec<String>, with_lead: bool) -> Self {
        let mut sources = Vec::new();
        for q in survey.questions() {
            let source = |row: Option<&str>| Source {
                question: q.id.clone(),
                kind: q.kind.clone(),
                row: row.map(str::to_string),
            };
            match &q.kind {
                QuestionKind::Matrix { rows, .. } => {
                    for row in rows {
                        let title = q.title.trim_end_matches(['：', ':']);
                        headers.push(format!("{title}：{}", row.label));
                        sources.push(source(Some(&row.id)));
                    }
                }
                _ => {
                    headers.push(q.title.clone());
                    sources.push(source(None));
                }
            }
        }
        ExportLayout {
            headers,
            sources,
            with_lead,
        }
    }

    /// The cells of one response, in header order (id, time and channel are left out
    /// where the layout has no such columns).
    pub fn row(&self, id: &str, received_at: i64, channel: &str, answers: &Answers) -> Vec<Cell> {
        let mut cells = Vec::with_capacity(self.headers.len());
        if self.with_lead {
            cells.push(Cell::Text(id.to_string()));
            cells.push(Cell::Text(beijing_minute(received_at)));
            cells.push(if channel.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(channel.to_string())
            });
        }
        self.push_answers(&mut cells, answers);
        cells
    }

    /// The cells of one published record, in header order.
    pub fn published_row(&self, record: &PublicRecord) -> Vec<Cell> {
        let mut cells = Vec::with_capacity(self.headers.len());
        self.push_answers(&mut cells, &record.answers);
        cells
    }

    fn push_answers(&self, cells: &mut Vec<Cell>, answers: &Answers) {
        for source in &self.sources {
            let cell = match (answers.get(&source.question), &source.row) {
                (None, _) => Cell::Empty,
                (Some(answer), None) => value(&source.kind, answer),
                (Some(Answer::Map(rows)), Some(row)) => {
                    rows.get(row).map_or(Cell::Empty, |point| {
                        Cell::Text(scale_label(&source.kind, point))
                    })
                }
                (Some(_), Some(_)) => Cell::Empty,
            };
            cells.push(cell);
        }
    }
}

fn scale_label(kind: &QuestionKind, point: &str) -> String {
    let scale = match kind {
        QuestionKind::Scale { scale, .. } | QuestionKind::Matrix { scale, .. } => *scale,
        _ => return point.to_string(),
    };
    if point == UNKNOWN {
        return UNKNOWN_LABEL_ZH.to_string();
    }
    scale
        .points()
        .iter()
        .find(|p| p.id == point)
        .map_or_else(|| point.to_string(), |p| p.label_zh.to_string())
}

fn value(kind: &QuestionKind, answer: &Answer) -> Cell {
    let label = |id: &str| {
        kind.options()
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_string(), |o| o.label.clone())
    };
    match (kind, answer) {
        (_, Answer::Number(n)) => Cell::Number(*n),
        (QuestionKind::Scale { .. }, Answer::Text(point)) => Cell::Text(scale_label(kind, point)),
        (QuestionKind::ShortText { .. } | QuestionKind::LongText { .. }, Answer::Text(text)) => {
            Cell::Text(text.clone())
        }
        (_, Answer::Text(id)) => Cell::Text(label(id)),
        (_, Answer::List(ids)) => Cell::Text(
            ids.iter()
                .map(|id| label(id))
                .collect::<Vec<_>>()
                .join("；"),
        ),
        (_, Answer::Map(_)) => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::templates::bundled;

    fn template(id: &str) -> Survey {
        bundled().unwrap().into_iter().find(|s| s.id == id).unwrap()
    }

    #[test]
    fn a_response_exports_as_labels_under_question_titles() {
        let survey = template("shuangjian-2023");
        let layout = ExportLayout::new(&survey);
        assert_eq!(
            &layout.headers[..3],
            ["答卷编号", "提交时间（北京时间）", "渠道"]
        );
        let matrix_headers = layout
            .headers
            .iter()
            .filter(|h| h.starts_with("对学校课后服务"))
            .count();
        assert_eq!(matrix_headers, 4, "one column per matrix row");
        let answers: Answers = serde_json::from_value(serde_json::json!({
            "identity": "parent", "stage": "grade36", "homework_quality": "unknown",
            "after_school_service": {"coverage": "5"}, "sleep_hours": 9.5,
            "suggestions": "希望增加体育活动"
        }))
        .unwrap();
        let row = layout.row("r1", 1_685_635_200_000, "", &answers);
        assert_eq!(row.len(), layout.headers.len());
        let at = |header: &str| {
            &row[layout
                .headers
                .iter()
                .position(|h| h.starts_with(header))
                .unwrap()]
        };
        assert_eq!(at("提交时间"), &Cell::Text("2023-06-02 00:00".into()));
        assert_eq!(at("渠道"), &Cell::Empty);
        assert_eq!(at("您的身份"), &Cell::Text("学生家长".into()));
        assert_eq!(at("作业设计质量"), &Cell::Text("不了解".into()));
        assert_eq!(at("学生平均每天的睡眠时间"), &Cell::Number(9.5));
        assert_eq!(at("您对进一步做好"), &Cell::Text("希望增加体育活动".into()));
        assert_eq!(
            at("对学校课后服务的以下方面，您的评价是：覆盖面"),
            &Cell::Text("非常满意".into())
        );
    }

    #[test]
    fn a_ballot_exports_no_id_time_or_channel() {
        let survey = template("shenji-2023");
        let layout = ExportLayout::new(&survey);
        assert_eq!(layout.headers[0], survey.questions().next().unwrap().title);
        let answers: Answers =
            serde_json::from_value(serde_json::json!({"report": "basic"})).unwrap();
        let row = layout.row("b1-id", 1_685_635_200_000, "x", &answers);
        assert_eq!(row.len(), layout.headers.len());
        assert_eq!(row[0], Cell::Text("基本满意".into()));
        assert!(row
            .iter()
            .all(|c| !c.text().contains("2023") && !c.text().contains("b1-id")));
    }
}
