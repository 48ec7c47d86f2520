//! Builder components, one per file.

mod choice_list_editor;
mod definition_file;
mod kind_editor;
mod phone_preview;
mod problem_list;
mod question_editor;
mod section_editor;
mod show_if_editor;
mod survey_settings;

pub use choice_list_editor::ChoiceListEditor;
pub use definition_file::DefinitionFile;
pub use kind_editor::KindEditor;
pub use phone_preview::PhonePreview;
pub use problem_list::ProblemList;
pub use question_editor::QuestionEditor;
pub use section_editor::SectionEditor;
pub use show_if_editor::ShowIfEditor;
pub use survey_settings::SurveySettings;
