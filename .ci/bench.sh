#!/usr/bin/env bash
# Results benchmarks (docs/architecture.md#budgets): aggregation of 1,000,000 responses on
# one core, the results endpoint at 100,000 stored responses, server memory at 1,000,000.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo bench --profile server --features server --bench results
