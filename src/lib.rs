//! 满意 Manyi — satisfaction evaluations for a people's congress standing committee.
//!
//! Layers: [`domain`] (pure Rust, shared by both sides) ← `app` (browser, feature `csr`)
//! and `server` (backend, feature `server`). The app and the server never import each other.

pub mod domain;

#[cfg(any(feature = "csr", feature = "server"))]
pub mod charts;

#[cfg(feature = "csr")]
pub mod app;

#[cfg(feature = "server")]
pub mod server;
