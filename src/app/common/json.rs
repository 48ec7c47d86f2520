//! JSON in the browser, read and written by the browser's own `JSON.parse` and
//! `JSON.stringify`, with serde between the wire types and the JS values. serde_json (its
//! parser, its float printing and reading, and a copy of every type's reader) is then not
//! in the bundles a respondent downloads, and the parse of the inlined definition runs as
//! the engine's native code, not as freshly compiled WebAssembly
//! (docs/architecture.md#the-respondents-first-screen).

use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `text` read as a `T`; the error says what did not read.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "不是有效的 JSON".to_string())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `value` as JSON text: maps as objects, as serde_json writes them.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| "无法写成 JSON".to_string())
}

/// What local storage keeps under `key`, if it is there and reads as a `T`.
pub fn stored<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = LocalStorage::raw().get_item(key).ok().flatten()?;
    from_str(&text).ok()
}

/// Keep `value` in local storage under `key`; a full or refused storage is not an error
/// the respondent could act on, so it is only reported to the caller.
pub fn store<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<(), String> {
    let text = to_string(value)?;
    LocalStorage::raw()
        .set_item(key, &text)
        .map_err(|_| "本机存储已满或不可用".to_string())
}
