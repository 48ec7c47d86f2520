//! Response ids made in the browser, so that a retried submission is recognised.

use uuid::Uuid;

/// The id under which the dashboard follows a long task it starts (`domain::jobs`).
pub fn new_job_id() -> String {
    new_response_id().to_string()
}

/// A random (version 4) UUID from the browser's CSPRNG. `crypto.randomUUID` would need a
/// secure context, which a plain-HTTP intranet deployment does not have.
pub fn new_response_id() -> Uuid {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes == [0u8; 16] {
        // No CSPRNG at all (very old browser): fall back to Math.random.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}
