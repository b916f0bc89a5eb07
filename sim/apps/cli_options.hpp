#pragma once
// Options every command shares, parsed and checked the same way: whole numbers with their range
// in plain words ("'abc' is not a whole number; give one from 1 to 1,000,000"), input paths that
// must be readable regular files, and output paths checked before any simulation.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace readysim::cli {

/// A CLI11 validator for a whole number in [min, max]: says "not a whole number" or "out of
/// range", with the range in human digits (1,000,000), never CLI11's 300-digit bound.
[[nodiscard]] CLI::Validator whole_number(long long min, long long max);

/// A CLI11 validator for a plain number in [min, max]: says "not a number" or "out of range".
[[nodiscard]] CLI::Validator number_in(double min, double max);

/// Adds an option `names` holding a whole number in [min, max] to `cmd`.
CLI::Option* add_whole_option(CLI::App& cmd, const std::string& names, std::int64_t& value, long long min,
                              long long max, const std::string& description);
/// The same for an `int` (e.g. `-j`).
CLI::Option* add_whole_option(CLI::App& cmd, const std::string& names, int& value, long long min, long long max,
                              const std::string& description);

/// `-n`: replications, 1 to kMaxReplications.
CLI::Option* add_replications_option(CLI::App& cmd, std::int64_t& value, const std::string& description);
/// `--seed`: 0 to kMaxSeed.
CLI::Option* add_seed_option(CLI::App& cmd, std::int64_t& value, const std::string& description);
/// `-j`: 1 to kMaxJobs.
CLI::Option* add_jobs_option(CLI::App& cmd, int& value);

/// UsageError unless `path` is a readable regular file (not a directory, device, pipe), naming
/// `option` and `what` the file should be.
void check_input_path(const std::string& path, std::string_view option, std::string_view what);

/// UsageError, before any simulation, unless a results file can be written at `output`: not a
/// directory or a device, its folder exists and a file can be created in it. Empty: nothing.
void check_output_file(const std::string& output, std::string_view option = "-o");

}  // namespace readysim::cli
