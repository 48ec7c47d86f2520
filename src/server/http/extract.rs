//! A JSON body extractor whose every refusal is an [`AppError`] naming the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::domain::ErrorCode;
use crate::server::error::AppError;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::MalformedJson(rejection.body_text())
            }
        })?;
        if let Ok(value) = serde_json::from_slice(&bytes) {
            return Ok(JsonBody(value));
        }
        // Only a refused body pays for tracking the path to the offending field.
        let deserializer = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(deserializer)
            .map(JsonBody)
            .map_err(|error| {
                let inner = error.inner();
                if inner.is_syntax() || inner.is_eof() {
                    AppError::MalformedJson(inner.to_string())
                } else {
                    let path = error.path().to_string();
                    let field = if path == "." {
                        "body".to_string()
                    } else {
                        path
                    };
                    AppError::field(&field, ErrorCode::WrongType)
                }
            })
    }
}
