#pragma once
// The CLI under mpirun: which rank this is, and how a command runs on every rank. `run`,
// `compare` and `size` share their replications across the ranks (RunOptions::ranks); every
// other command runs on rank 0 alone. Only rank 0 prints: the other ranks' stdout is dropped and
// their stderr kept, and shown (by rank 0) only when that rank alone failed.

#include <CLI/CLI.hpp>

#include <functional>

#include "readysim/ranks.hpp"

namespace readysim::cli {

/// The ranks of this command (mpirun), or nullptr when it runs alone.
[[nodiscard]] Ranks* command_ranks();
/// True where results are printed and files written: alone, or on rank 0.
[[nodiscard]] bool prints_results();
/// True when the chosen subcommand shares its replications across ranks (run, compare, size).
[[nodiscard]] bool shares_ranks(const CLI::App& app);
/// Runs `command` (which prints its own errors and returns the exit code) on every rank and ends
/// them with one exit code (Ranks::finish); returns it.
int run_on_ranks(Ranks& ranks, const std::function<int()>& command);

}  // namespace readysim::cli
