//! The built browser apps as one in-memory file table, whether they come embedded in the
//! binary (what ships: one file to deploy) or from a `dist` directory (development).
//!
//! Each file is kept with its precompressed variants (`.br`, `.gz`, written by the build),
//! its content type and an entity tag, so serving it is a table lookup.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use axum::http::HeaderValue;
use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::server::http::static_files::BUNDLES;

/// How a file may be sent: as built, or precompressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The `Content-Encoding` value; none for the file as built.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Gzip => ".gz",
            Encoding::Brotli => ".br",
        }
    }
}

/// One file of the built app and its precompressed variants.
#[derive(Debug, Clone)]
pub struct Asset {
    pub content_type: HeaderValue,
    body: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// A digest of the file as built; each encoding's tag adds its name.
    digest: String,
}

impl Asset {
    /// The variant to send for what the client accepts: brotli, then gzip, then as built.
    pub fn variant(&self, accepted: &[Encoding]) -> (Encoding, Bytes) {
        let pick = |encoding: Encoding, body: &Option<Bytes>| {
            body.as_ref()
                .filter(|_| accepted.contains(&encoding))
                .map(|b| (encoding, b.clone()))
        };
        pick(Encoding::Brotli, &self.brotli)
            .or_else(|| pick(Encoding::Gzip, &self.gzip))
            .unwrap_or((Encoding::Identity, self.body.clone()))
    }

    /// Whether the file has a compressed variant (responses then vary by Accept-Encoding).
    pub fn is_negotiated(&self) -> bool {
        self.gzip.is_some() || self.brotli.is_some()
    }

    /// The entity tag of one variant, quoted as the header carries it.
    pub fn etag(&self, encoding: Encoding) -> String {
        match encoding.header() {
            Some(name) => format!("\"{}-{name}\"", self.digest),
            None => format!("\"{}\"", self.digest),
        }
    }

    /// The file as built.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

/// The files of the built apps by path relative to the build's root (`index.html`,
/// `staff/manyi-staff-….wasm`).
#[derive(Debug, Clone, Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

impl Assets {
    /// The files given by relative path (`/`-separated) and content. A `.br` or `.gz`
    /// beside a file is taken as its precompressed variant, not as a file of its own.
    pub fn from_files(files: impl IntoIterator<Item = (String, Cow<'static, [u8]>)>) -> Assets {
        let mut plain = HashMap::new();
        let mut compressed = HashMap::new();
        for (path, content) in files {
            let bytes = match content {
                Cow::Borrowed(b) => Bytes::from_static(b),
                Cow::Owned(v) => Bytes::from(v),
            };
            let encoding = [Encoding::Brotli, Encoding::Gzip]
                .into_iter()
                .find(|e| path.ends_with(e.suffix()));
            match encoding {
                Some(e) => {
                    let of = path[..path.len() - e.suffix().len()].to_string();
                    compressed.insert((of, e), bytes);
                }
                None => {
                    plain.insert(path, bytes);
                }
            }
        }
        let files = plain
            .into_iter()
            .map(|(path, body)| {
                let asset = Asset {
                    content_type: content_type(&path),
                    gzip: compressed.remove(&(path.clone(), Encoding::Gzip)),
                    brotli: compressed.remove(&(path.clone(), Encoding::Brotli)),
                    digest: hex::encode(&Sha256::digest(&body)[..12]),
                    body,
                };
                (path, asset)
            })
            .collect();
        Assets { files }
    }

    /// Every file under `dir`, read now: a rebuilt app is picked up at the next start.
    pub fn from_dir(dir: &Path) -> std::io::Result<Assets> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let entry = entry?;
                let path = entry.path();
                // Links are not followed: a build holds none, and a loop would never end.
                let kind = entry.file_type()?;
                if kind.is_dir() {
                    pending.push(path);
                    continue;
                }
                if !kind.is_file() {
                    continue;
                }
                let relative = path.strip_prefix(dir).expect("walked from dir");
                let name: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push((name.join("/"), Cow::Owned(std::fs::read(&path)?)));
            }
        }
        Ok(Assets::from_files(files))
    }

    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }

    /// The index.html of one of the apps (`""`, `"staff"`, `"builder"`).
    pub fn index_html(&self, bundle: &str) -> Option<&str> {
        let path = index_path(bundle);
        std::str::from_utf8(self.files.get(&path)?.body()).ok()
    }

    /// The index.html of each app that is present.
    pub fn index_pages(&self) -> impl Iterator<Item = &str> {
        BUNDLES.iter().filter_map(|bundle| self.index_html(bundle))
    }

    /// The index.html files missing from the table (none when the build is complete).
    pub fn missing_bundles(&self) -> Vec<String> {
        BUNDLES
            .into_iter()
            .filter(|bundle| self.index_html(bundle).is_none())
            .map(index_path)
            .collect()
    }
}

/// The path of an app's index.html in the table.
pub fn index_path(bundle: &str) -> String {
    if bundle.is_empty() {
        "index.html".to_string()
    } else {
        format!("{bundle}/index.html")
    }
}

fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime == mime_guess::mime::APPLICATION_JAVASCRIPT => {
            "text/javascript; charset=utf-8".to_string()
        }
        _ => mime.to_string(),
    };
    HeaderValue::from_str(&value).expect("a media type is a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Assets {
        Assets::from_files([
            ("index.html".to_string(), Cow::Borrowed(&b"<html>"[..])),
            ("index.html.br".to_string(), Cow::Borrowed(&b"br"[..])),
            ("app_bg.wasm".to_string(), Cow::Borrowed(&b"\0asm"[..])),
            ("app_bg.wasm.gz".to_string(), Cow::Borrowed(&b"gz"[..])),
            ("staff/app.js".to_string(), Cow::Owned(b"js".to_vec())),
        ])
    }

    #[test]
    fn variants_are_attached_to_their_file() {
        let assets = table();
        assert!(assets.get("index.html.br").is_none());
        let index = assets.get("index.html").unwrap();
        let all = [Encoding::Brotli, Encoding::Gzip];
        assert_eq!(index.variant(&all), (Encoding::Brotli, Bytes::from("br")));
        assert_eq!(index.variant(&[Encoding::Gzip]).0, Encoding::Identity);
        let wasm = assets.get("app_bg.wasm").unwrap();
        assert_eq!(wasm.variant(&all), (Encoding::Gzip, Bytes::from("gz")));
        assert!(!assets.get("staff/app.js").unwrap().is_negotiated());
        assert_ne!(index.etag(Encoding::Brotli), index.etag(Encoding::Identity));
    }

    #[test]
    fn content_types_are_what_browsers_require() {
        let cases = [
            ("a_bg.wasm", "application/wasm"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("icon.svg", "image/svg+xml"),
        ];
        for (path, expected) in cases {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn missing_bundles_are_named() {
        assert_eq!(
            table().missing_bundles(),
            ["staff/index.html", "builder/index.html"]
        );
        assert_eq!(table().index_html(""), Some("<html>"));
    }
}
