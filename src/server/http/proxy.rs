//! The client address of a request, for the per-address limits. Behind a reverse proxy
//! every request comes from the proxy and names the client in `X-Forwarded-For`; but anyone
//! can write that header, so it is believed only when the peer is a proxy named in
//! `--trusted-proxies`, and only as far as trusted proxies wrote it. Each proxy appends the
//! address the request came to it from, so the list is read from the right: the first
//! address that is not a trusted proxy is the client. Whatever stands left of it was written
//! by the client itself and is ignored (a new made-up address per request must not buy a
//! new allowance).

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;

/// The reverse proxies whose `X-Forwarded-For` is believed. None by default.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> Self {
        TrustedProxies(nets)
    }

    /// Also trust this machine (`127.0.0.0/8`, `::1`): a reverse proxy on the same host.
    pub fn with_loopback(mut self) -> Self {
        for net in ["127.0.0.0/8", "::1/128"] {
            self.0.push(net.parse().expect("a network"));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client of a request that came from `peer` with these `X-Forwarded-For` values
    /// (every header line, in order).
    pub fn client<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl DoubleEndedIterator<Item = &'a str>,
    ) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.contains(client) {
            return client;
        }
        for entry in forwarded_for.rev().flat_map(|line| line.rsplit(',')) {
            // Trusted proxies write addresses only; anything else ends what can be believed,
            // and the last proxy that handed the request on stands for the client.
            let Some(hop) = address(entry) else { break };
            client = hop;
            if !self.contains(hop) {
                break;
            }
        }
        client
    }
}

impl std::fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nets: Vec<String> = self.0.iter().map(IpNet::to_string).collect();
        f.write_str(&nets.join(", "))
    }
}

/// One entry of `X-Forwarded-For`: an address, some proxies add a port.
fn address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    let address = entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()?;
    Some(address.to_canonical())
}

/// One `--trusted-proxies` entry: an address (`127.0.0.1`) or a network (`10.0.0.0/8`).
pub fn parse_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is neither an address nor a network like 10.0.0.0/8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|p| parse_proxy(p).unwrap()).collect())
    }

    #[test]
    fn the_client_is_the_rightmost_address_no_trusted_proxy_stands_for() {
        let one = proxies(&["127.0.0.1"]);
        let chain = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let none = TrustedProxies::default();
        for (trusted, peer, header, client) in [
            // No proxy trusted, or the peer is none of them: the header is not read.
            (&none, "203.0.113.9", &["198.51.100.1"][..], "203.0.113.9"),
            (&one, "203.0.113.9", &["198.51.100.1"][..], "203.0.113.9"),
            // The proxy appended the client; the client wrote what stands left of it.
            (
                &one,
                "127.0.0.1",
                &["1.2.3.4, 198.51.100.1"][..],
                "198.51.100.1",
            ),
            (
                &one,
                "127.0.0.1",
                &["evil, 198.51.100.1"][..],
                "198.51.100.1",
            ),
            (
                &one,
                "127.0.0.1",
                &["1.2.3.4", "198.51.100.1"][..],
                "198.51.100.1",
            ),
            // Through two trusted proxies: both are skipped.
            (
                &chain,
                "127.0.0.1",
                &["1.2.3.4, 198.51.100.1, 10.0.0.5"][..],
                "198.51.100.1",
            ),
            // A proxy that adds ports, and IPv6.
            (
                &one,
                "127.0.0.1",
                &["198.51.100.1:4711"][..],
                "198.51.100.1",
            ),
            (
                &one,
                "127.0.0.1",
                &["[2001:db8::1]:4711"][..],
                "2001:db8::1",
            ),
            (&one, "127.0.0.1", &["2001:db8::1"][..], "2001:db8::1"),
            // An IPv4 peer seen on an IPv6 socket is the same peer.
            (
                &one,
                "::ffff:127.0.0.1",
                &["198.51.100.1"][..],
                "198.51.100.1",
            ),
            // No header, an empty one, or nothing readable: the proxy itself.
            (&one, "127.0.0.1", &[][..], "127.0.0.1"),
            (&one, "127.0.0.1", &[""][..], "127.0.0.1"),
            (&one, "127.0.0.1", &["unknown"][..], "127.0.0.1"),
            // Only trusted addresses: the leftmost of them.
            (&chain, "127.0.0.1", &["10.1.1.1, 10.0.0.5"][..], "10.1.1.1"),
        ] {
            assert_eq!(
                trusted.client(ip(peer), header.iter().copied()),
                ip(client),
                "{peer} {header:?}"
            );
        }
    }

    #[test]
    fn proxies_are_named_by_address_or_network() {
        assert_eq!(
            parse_proxy("127.0.0.1"),
            Ok("127.0.0.1/32".parse().unwrap())
        );
        assert_eq!(
            parse_proxy(" 10.0.0.0/8 "),
            Ok("10.0.0.0/8".parse().unwrap())
        );
        assert_eq!(parse_proxy("::1"), Ok("::1/128".parse().unwrap()));
        assert!(parse_proxy("proxy.local").is_err());
        assert!(parse_proxy("10.0.0.0/33").is_err());
        let loopback = TrustedProxies::default().with_loopback();
        assert!(loopback.contains(ip("127.0.0.1")) && loopback.contains(ip("::1")));
        assert!(!loopback.contains(ip("10.0.0.1")));
    }
}
