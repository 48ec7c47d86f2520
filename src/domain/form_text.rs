//! The words around a survey's own content on the fill page (buttons, markers, counters), in
//! both languages. One home, because the page is written twice: by the server, as the first
//! screen painted before the WebAssembly arrives, and by the app, which then takes it over
//! (docs/architecture.md#the-respondents-first-screen). The same words keep that hand-over
//! from moving anything.

use super::survey::{Scale, UNKNOWN, UNKNOWN_LABEL_EN, UNKNOWN_LABEL_ZH};

/// The language the page is shown in. Chinese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The text for this language.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// One of the texts below, in this language.
    pub fn text(self, text: Text) -> &'static str {
        self.pick(text.zh, text.en)
    }

    /// The `lang` attribute's value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(zh: &'static str, en: &'static str) -> Text {
        Text { zh, en }
    }
}

const fn text(zh: &'static str, en: &'static str) -> Text {
    Text::new(zh, en)
}

pub const SKIP_TO_CONTENT: Text = text("跳到正文", "Skip to content");
pub const BRAND: Text = text("满意 · 满意度测评", "Manyi");
pub const LARGE_TEXT: Text = text("大字", "Large text");
/// The switch names the other language, in that language.
pub const OTHER_LANGUAGE: Text = text("English", "中文");
pub const REQUIRED: Text = text("（必答）", " (required)");
pub const CHOOSE: Text = text("请选择", "Please choose");
pub const PREVIOUS: Text = text("上一页", "Previous");
pub const NEXT: Text = text("下一页", "Next");
pub const SUBMIT: Text = text("提交", "Submit");
pub const NOT_OPEN: Text = text(
    "本次测评目前未开放，不能提交。",
    "This evaluation is not open for answers.",
);
pub const CODE_TITLE: Text = text("测评码", "Ballot code");
pub const CODE_HELP: Text = text(
    "请输入测评票上印制的 8 位测评码，每码只能使用一次。",
    "Enter the 8-character code printed on your ballot slip; each code works once.",
);

/// (id, label) of a scale's points in `lang`, with 不了解 last when offered.
pub fn scale_options(scale: Scale, allow_unknown: bool, lang: Lang) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = scale
        .points()
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                lang.pick(p.label_zh, p.label_en).to_string(),
            )
        })
        .collect();
    if allow_unknown {
        options.push((
            UNKNOWN.to_string(),
            lang.pick(UNKNOWN_LABEL_ZH, UNKNOWN_LABEL_EN).to_string(),
        ));
    }
    options
}

/// "第 2 / 8 页": which screen of how many.
pub fn page_of(lang: Lang, current: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("第 {current} / {total} 页"),
        Lang::En => format!("Page {current} of {total}"),
    }
}

/// How many options of a capped multiple choice are ticked.
pub fn chosen_of(lang: Lang, count: usize, max: u32) -> String {
    match lang {
        Lang::Zh => format!("已选 {count} 项，最多 {max} 项"),
        Lang::En => format!("{count} chosen, at most {max}"),
    }
}

/// How many errors the screen still has.
pub fn errors_left(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("还有 {count} 处需要填写或修改"),
        Lang::En => format!("{count} answer(s) need attention"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_reads_in_both_languages() {
        let cases = [
            (page_of(Lang::Zh, 2, 8), "第 2 / 8 页"),
            (page_of(Lang::En, 2, 8), "Page 2 of 8"),
            (chosen_of(Lang::Zh, 1, 3), "已选 1 项，最多 3 项"),
            (chosen_of(Lang::En, 1, 3), "1 chosen, at most 3"),
            (errors_left(Lang::Zh, 2), "还有 2 处需要填写或修改"),
            (errors_left(Lang::En, 2), "2 answer(s) need attention"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
        assert_eq!(Lang::En.text(NEXT), "Next");
        assert_eq!(Lang::default().code(), "zh-CN");
    }
}
