//! What staff ask of the results: a filter on profile answers, a breakdown by a question,
//! a comparison between waves, the arrival of responses over time.

use serde::{Deserialize, Serialize};

use super::super::stats::Estimate;
use super::super::survey::Survey;
use super::codebook::ColumnKind;
use super::report::{compute, SurveyResults};
use super::table::{allow_code, ResponseTable, RowFilter};

/// The pseudo-question that filters on the distribution channel.
pub const CHANNEL: &str = "@channel";

/// Responses whose answer to `question` is one of `options`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterClause {
    pub question: String,
    pub options: Vec<String>,
}

/// All clauses must hold. Text form (for a URL): `town:dongcheng|xicheng;ent_size:small`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub clauses: Vec<FilterClause>,
}

/// Why a filter or breakdown cannot be applied; names the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    Malformed(String),
    UnknownQuestion(String),
    /// Only single-valued choice questions can filter or group.
    NotGroupable(String),
    UnknownOption {
        question: String,
        option: String,
    },
}

impl QueryError {
    pub fn message_zh(&self) -> String {
        match self {
            QueryError::Malformed(text) => format!("筛选条件格式不正确：{text}"),
            QueryError::UnknownQuestion(q) => format!("没有这个题目：{q}"),
            QueryError::NotGroupable(q) => format!("题目 {q} 不是单选题，不能用于筛选或分组"),
            QueryError::UnknownOption { question, option } => {
                format!("题目 {question} 没有选项 {option}")
            }
        }
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let mut clauses = Vec::new();
        for part in text.split(';').filter(|p| !p.trim().is_empty()) {
            let (question, options) = part
                .split_once(':')
                .ok_or_else(|| QueryError::Malformed(part.to_string()))?;
            let options: Vec<String> = options
                .split('|')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_string)
                .collect();
            if question.trim().is_empty() || options.is_empty() {
                return Err(QueryError::Malformed(part.to_string()));
            }
            clauses.push(FilterClause {
                question: question.trim().to_string(),
                options,
            });
        }
        Ok(Filter { clauses })
    }

    pub fn to_query(&self) -> String {
        self.clauses
            .iter()
            .map(|c| format!("{}:{}", c.question, c.options.join("|")))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Resolve against a survey's table. An option id never seen as a channel matches
    /// nothing (a channel with no responses yet is not an error).
    pub fn resolve(&self, table: &ResponseTable) -> Result<RowFilter, QueryError> {
        let mut filter = RowFilter::default();
        for clause in &self.clauses {
            if clause.question == CHANNEL {
                let ids = clause
                    .options
                    .iter()
                    .filter_map(|name| table.channel_index(name))
                    .collect();
                filter.channels = Some(ids);
                continue;
            }
            let c = groupable_column(table, &clause.question)?;
            let column = &table.codebook.columns[c];
            let mut allowed = [0u64; 4];
            for option in &clause.options {
                let code = column
                    .code_of(option)
                    .ok_or_else(|| QueryError::UnknownOption {
                        question: clause.question.clone(),
                        option: option.clone(),
                    })?;
                allow_code(&mut allowed, code);
            }
            filter.clauses.push((c, allowed));
        }
        Ok(filter)
    }
}

/// The column of a single choice or dropdown question (the questions one groups by).
pub fn groupable_column(table: &ResponseTable, question: &str) -> Result<usize, QueryError> {
    let c = table
        .codebook
        .column_of(question)
        .ok_or_else(|| QueryError::UnknownQuestion(question.to_string()))?;
    match table.codebook.columns[c].kind {
        ColumnKind::Choice | ColumnKind::Scale { .. } => Ok(c),
        _ => Err(QueryError::NotGroupable(question.to_string())),
    }
}

/// The results of one group of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupResults {
    /// The option id ("" for responses that did not answer the grouping question).
    pub id: String,
    pub label: String,
    pub results: SurveyResults,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub by: String,
    pub title: String,
    pub groups: Vec<GroupResults>,
}

/// Results per answer to `by`, among responses passing `filter`. Groups keep the option
/// order; the "not answered" group appears only when it has responses.
pub fn breakdown(
    survey: &Survey,
    table: &ResponseTable,
    by: &str,
    filter: &Filter,
) -> Result<Breakdown, QueryError> {
    let c = groupable_column(table, by)?;
    let row_filter = filter.resolve(table)?;
    let question = survey.question(by);
    let label_of = |id: &str| -> String {
        question
            .and_then(|q| {
                q.kind
                    .options()
                    .iter()
                    .find(|o| o.id == id)
                    .map(|o| o.label.clone())
            })
            .unwrap_or_else(|| id.to_string())
    };
    let column = &table.codebook.columns[c];
    let groups = table
        .breakdown(c, &row_filter)
        .into_iter()
        .enumerate()
        .filter(|(code, tally)| *code != 0 || tally.responses > 0)
        .map(|(code, tally)| {
            let id = column.level(code as u8).unwrap_or("").to_string();
            GroupResults {
                label: if code == 0 {
                    "未作答".to_string()
                } else {
                    label_of(&id)
                },
                id,
                results: compute(survey, &table.codebook, &tally),
            }
        })
        .collect();
    Ok(Breakdown {
        by: by.to_string(),
        title: question.map(|q| q.title.clone()).unwrap_or_default(),
        groups,
    })
}

/// One wave's header in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaveHeader {
    pub survey_id: String,
    pub wave: String,
    pub responses: u64,
}

/// One figure across waves (`None` where a wave did not ask it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparedFigure {
    /// `index`, `dimension:NAME` or an item id.
    pub id: String,
    pub label: String,
    pub values: Vec<Option<Estimate>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaveComparison {
    pub waves: Vec<WaveHeader>,
    pub figures: Vec<ComparedFigure>,
}

/// Compare waves of one series: the survey index, every dimension index and every item
/// index, matched by name and item id. Waves are ordered oldest first; figures follow the
/// newest wave's order.
pub fn compare_waves(waves: &[SurveyResults]) -> WaveComparison {
    let mut ordered: Vec<&SurveyResults> = waves.iter().collect();
    ordered.sort_by(|a, b| a.wave.cmp(&b.wave).then(a.survey_id.cmp(&b.survey_id)));
    let Some(newest) = ordered.last() else {
        return WaveComparison {
            waves: Vec::new(),
            figures: Vec::new(),
        };
    };
    let present = |e: Estimate| (!e.is_empty()).then_some(e);
    let mut figures = vec![ComparedFigure {
        id: "index".into(),
        label: "总体指数".into(),
        values: ordered.iter().map(|r| present(r.index)).collect(),
    }];
    for d in &newest.dimensions {
        figures.push(ComparedFigure {
            id: format!("dimension:{}", d.name),
            label: d.name.clone(),
            values: ordered
                .iter()
                .map(|r| r.dimension(&d.name).and_then(|x| present(x.index)))
                .collect(),
        });
    }
    for item in newest.items() {
        figures.push(ComparedFigure {
            id: item.id.clone(),
            label: item.label.clone(),
            values: ordered
                .iter()
                .map(|r| {
                    r.items()
                        .find(|i| i.id == item.id)
                        .and_then(|i| present(i.index))
                })
                .collect(),
        });
    }
    WaveComparison {
        waves: ordered
            .iter()
            .map(|r| WaveHeader {
                survey_id: r.survey_id.clone(),
                wave: r.wave.clone(),
                responses: r.responses,
            })
            .collect(),
        figures,
    }
}

/// Responses in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCount {
    /// The period's start, milliseconds since the epoch.
    pub start_ms: i64,
    pub count: u64,
}

/// Hourly counts (hours since the epoch) as periods.
pub fn per_hour(hourly: &[(u32, u64)]) -> Vec<PeriodCount> {
    hourly
        .iter()
        .map(|(hour, count)| PeriodCount {
            start_ms: *hour as i64 * 3_600_000,
            count: *count,
        })
        .collect()
}

/// Hourly counts summed per local day, `utc_offset_hours` east of UTC (8 for China), so
/// a day runs from local midnight to midnight.
pub fn per_day(hourly: &[(u32, u64)], utc_offset_hours: i64) -> Vec<PeriodCount> {
    let mut days: Vec<PeriodCount> = Vec::new();
    for (hour, count) in hourly {
        let local_day = (*hour as i64 + utc_offset_hours).div_euclid(24);
        let start_ms = (local_day * 24 - utc_offset_hours) * 3_600_000;
        match days.last_mut() {
            Some(last) if last.start_ms == start_ms => last.count += count,
            _ => days.push(PeriodCount {
                start_ms,
                count: *count,
            }),
        }
    }
    days
}
