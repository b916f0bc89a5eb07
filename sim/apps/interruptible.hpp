#pragma once
// Ctrl-C, SIGTERM and SIGHUP around a long command (run, compare, size, drill): see
// readysim/interrupt.hpp.

#include <functional>

namespace readysim::cli {

/// Runs `command` inside an InterruptScope. When a stop is asked (Ctrl-C, SIGTERM, SIGHUP), the
/// command unwinds (its temporary files removed), "readysim: interrupted after N of M
/// replications; nothing written" goes to stderr, and the result is 128 + the signal (130, 143,
/// 129). A stop asked after the command wrote its results says so and returns the same code.
/// Otherwise returns what `command` returns; its other exceptions pass through.
int run_interruptible(const std::function<int()>& command);

}  // namespace readysim::cli
