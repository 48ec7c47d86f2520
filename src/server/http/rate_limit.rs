//! Per-address rate limit on submissions (docs/architecture.md#the-path-of-a-submission).
//! Generous enough for a meeting room or an industrial park behind one NAT address, tight
//! enough to stop one machine flooding.
//! The address is used in memory only, for the limit, and never stored; behind a reverse
//! proxy it is the one [`crate::server::http::proxy`] finds.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::server::error::AppError;
use crate::server::http::proxy::TrustedProxies;

/// How many submissions one address may make.
#[derive(Debug, Clone)]
pub struct RateLimit {
    /// Sustained submissions per second.
    pub per_second: u32,
    /// Submissions allowed at once before the sustained rate applies.
    pub burst: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub proxies: TrustedProxies,
}

pub struct AddressLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    proxies: TrustedProxies,
}

impl AddressLimiter {
    /// A limiter, or none when `per_second` is 0 (limit switched off).
    pub fn new(limit: RateLimit) -> Option<Arc<Self>> {
        let per_second = NonZeroU32::new(limit.per_second)?;
        let burst = NonZeroU32::new(limit.burst).unwrap_or(per_second);
        Some(Self::with_quota(
            Quota::per_second(per_second).allow_burst(burst),
            limit.proxies,
        ))
    }

    /// Sign-in attempts: `per_minute` sustained after a first `burst`.
    pub fn per_minute(per_minute: u32, burst: u32, proxies: TrustedProxies) -> Option<Arc<Self>> {
        let per_minute = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new(burst).unwrap_or(per_minute);
        Some(Self::with_quota(
            Quota::per_minute(per_minute).allow_burst(burst),
            proxies,
        ))
    }

    fn with_quota(quota: Quota, proxies: TrustedProxies) -> Arc<Self> {
        let limiter = Arc::new(AddressLimiter {
            limiter: RateLimiter::keyed(quota),
            proxies,
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
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        // A header line that is not text holds no address: reading stops there.
        let forwarded_for = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| v.to_str().unwrap_or_default());
        self.proxies.client(peer, forwarded_for)
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
        metrics::counter!(crate::server::http::observe::RATE_LIMITED).increment(1);
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        return Err(AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    Ok(next.run(req).await)
}
