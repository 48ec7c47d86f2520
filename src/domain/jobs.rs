//! Long tasks staff start — exporting every response, closing, publishing — as the
//! dashboard follows them: which step, how far, finished or failed. The request that does
//! the work carries an id the browser chose (`?job=…`); `GET /api/staff/jobs/{id}`
//! answers a [`JobProgress`] while it runs and for a while after.

use serde::{Deserialize, Serialize};

/// A step of a long task, with what its count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStep {
    /// Waiting for another status change to finish.
    Waiting,
    /// Responses read and written out (exports).
    Reading,
    /// Stored responses digested (close, and publish checking the close).
    Digesting,
    /// Anonymous records written (publish).
    Writing,
    /// The workbook file assembled (no count).
    Assembling,
    /// Bytes sent to the browser.
    Sending,
    /// The last write (no count).
    Saving,
}

impl JobStep {
    /// What the step is doing, for staff.
    pub fn label(self) -> &'static str {
        match self {
            JobStep::Waiting => "等待其他操作完成",
            JobStep::Reading => "读取答卷",
            JobStep::Digesting => "核对答卷并计算摘要",
            JobStep::Writing => "写入公开数据",
            JobStep::Assembling => "生成 Excel 文件",
            JobStep::Sending => "传送文件",
            JobStep::Saving => "保存",
        }
    }

    /// The unit of the step's count; none when it has no count.
    pub fn unit(self) -> Option<&'static str> {
        match self {
            JobStep::Reading | JobStep::Digesting | JobStep::Writing => Some("份"),
            JobStep::Sending => Some("字节"),
            JobStep::Waiting | JobStep::Assembling | JobStep::Saving => None,
        }
    }
}

/// Whether a task is still going.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum JobState {
    Running,
    Finished,
    /// Stopped, with the reason in Chinese (the browser may also have gone away).
    Failed {
        message: String,
    },
}

/// `GET /api/staff/jobs/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobProgress {
    pub step: JobStep,
    /// Done so far in this step.
    pub done: u64,
    /// The step's whole, when known.
    pub total: Option<u64>,
    #[serde(flatten)]
    pub state: JobState,
}

impl JobProgress {
    /// The share done in this step, 0–1, when the step has a known whole.
    pub fn fraction(&self) -> Option<f64> {
        match (self.step.unit(), self.total) {
            (Some(_), Some(total)) if total > 0 => Some((self.done as f64 / total as f64).min(1.0)),
            (Some(_), Some(_)) => Some(1.0),
            _ => None,
        }
    }

    /// One line for staff: "读取答卷：12000 / 100000 份（12%）".
    pub fn summary(&self) -> String {
        if let JobState::Failed { message } = &self.state {
            return format!("未完成：{message}");
        }
        if self.state == JobState::Finished {
            return "已完成".to_string();
        }
        let label = self.step.label();
        match (self.step.unit(), self.total, self.fraction()) {
            (Some(unit), Some(total), Some(share)) => format!(
                "{label}：{} / {total} {unit}（{}%）",
                self.done,
                (share * 100.0).floor()
            ),
            (Some(unit), None, _) => format!("{label}：{} {unit}", self.done),
            _ => format!("{label}……"),
        }
    }
}

/// A job id as the browser makes it: 16 to 64 letters, digits and hyphens (a UUID).
pub fn is_job_id(id: &str) -> bool {
    (16..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(step: JobStep, done: u64, total: Option<u64>, state: JobState) -> JobProgress {
        JobProgress {
            step,
            done,
            total,
            state,
        }
    }

    #[test]
    fn summaries_say_how_far() {
        let running = JobState::Running;
        let cases = [
            (
                at(JobStep::Reading, 12_000, Some(100_000), running.clone()),
                "读取答卷：12000 / 100000 份（12%）",
            ),
            (
                at(JobStep::Sending, 10, None, running.clone()),
                "传送文件：10 字节",
            ),
            (
                at(JobStep::Assembling, 0, None, running.clone()),
                "生成 Excel 文件……",
            ),
            (
                at(JobStep::Writing, 0, Some(0), running.clone()),
                "写入公开数据：0 / 0 份（100%）",
            ),
            (at(JobStep::Saving, 0, None, JobState::Finished), "已完成"),
            (
                at(
                    JobStep::Reading,
                    5,
                    Some(9),
                    JobState::Failed {
                        message: "浏览器已断开".into(),
                    },
                ),
                "未完成：浏览器已断开",
            ),
        ];
        for (progress, expected) in cases {
            assert_eq!(progress.summary(), expected, "{progress:?}");
        }
    }

    #[test]
    fn the_wire_form_is_flat() {
        let progress = at(
            JobStep::Digesting,
            3,
            Some(4),
            JobState::Failed {
                message: "x".into(),
            },
        );
        let json = serde_json::to_value(&progress).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"step": "digesting", "done": 3, "total": 4, "state": "failed", "message": "x"})
        );
        assert_eq!(
            serde_json::from_value::<JobProgress>(json).unwrap(),
            progress
        );
    }

    #[test]
    fn job_ids_are_uuids_or_alike() {
        assert!(is_job_id("5b0f7c1e-2a8d-4c3b-9e6f-0a1b2c3d4e5f"));
        for bad in [
            "short",
            "../../etc/passwd-xxxxxxxxx",
            &"a".repeat(65),
            "名字名字名字名字名字名字名字名字",
        ] {
            assert!(!is_job_id(bad), "{bad}");
        }
    }
}
