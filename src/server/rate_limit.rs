//! Per-address rate limit on submissions (DESIGN §6). Generous enough for a meeting room or
//! an industrial park behind one NAT address, tight enough to stop one machine flooding.
//! The address is used in memory only, for the limit, and never stored.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::error::AppError;

/// How many submissions one address may make.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    /// Sustained submissions per second.
    pub per_second: u32,
    /// Submissions allowed at once before the sustained rate applies.
    pub burst: u32,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
}

pub struct AddressLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    trust_forwarded_for: bool,
}

impl AddressLimiter {
    /// A limiter, or none when `per_second` is 0 (limit switched off).
    pub fn new(limit: RateLimit) -> Option<Arc<Self>> {
        let per_second = NonZeroU32::new(limit.per_second)?;
        let burst = NonZeroU32::new(limit.burst).unwrap_or(per_second);
        Some(Self::with_quota(
            Quota::per_second(per_second).allow_burst(burst),
            limit.trust_forwarded_for,
        ))
    }

    /// Sign-in attempts: `per_minute` sustained after a first `burst`.
    pub fn per_minute(per_minute: u32, burst: u32, trust_forwarded_for: bool) -> Option<Arc<Self>> {
        let per_minute = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new(burst).unwrap_or(per_minute);
        Some(Self::with_quota(
            Quota::per_minute(per_minute).allow_burst(burst),
            trust_forwarded_for,
        ))
    }

    fn with_quota(quota: Quota, trust_forwarded_for: bool) -> Arc<Self> {
        let limiter = Arc::new(AddressLimiter {
            limiter: RateLimiter::keyed(quota),
            trust_forwarded_for,
        });
        let weak = Arc::downgrade(&limiter);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(limiter) = weak.upgrade() else { break };
                limiter.limiter.retain_recent();
                limiter.limiter.shrink_to_fit();
            }
        });
        limiter
    }

    fn client_address(&self, req: &Request) -> IpAddr {
        let forwarded = self
            .trust_forwarded_for
            .then(|| req.headers().get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|first| first.trim().parse().ok());
        forwarded
            .or_else(|| {
                req.extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip())
            })
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

/// Middleware: refuse with 429 and `Retry-After` once an address is over its limit.
pub async fn limit(
    State(limiter): State<Arc<AddressLimiter>>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let address = limiter.client_address(&req);
    if let Err(not_until) = limiter.limiter.check_key(&address) {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        return Err(AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    Ok(next.run(req).await)
}
