#include "cli_options.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

#include "commands.hpp"
#include "readysim/error.hpp"
#include "readysim/input_check.hpp"
#include "readysim/limits.hpp"

namespace readysim::cli {

CLI::Validator whole_number(long long min, long long max) {
  const std::string range = fmt::format("from {} to {}", human_number(min), human_number(max));
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        std::string_view digits = text;
        if (digits.starts_with('+')) digits.remove_prefix(1);
        long long v = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        const bool whole = !digits.empty() && digits.front() != '+' && end == digits.data() + digits.size();
        if (!whole || (ec != std::errc() && ec != std::errc::result_out_of_range))
          return fmt::format("'{}' is not a whole number; give one {}", printable(text), range);
        if (ec == std::errc::result_out_of_range || v < min || v > max)
          return fmt::format("{} is out of range; give a whole number {}", printable(text), range);
        return {};
      },
      fmt::format("whole number {}", range), "WHOLE_NUMBER");
}

CLI::Validator number_in(double min, double max) {
  const std::string range = fmt::format("from {:g} to {:g}", min, max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || end != text.data() + text.size() || (ec != std::errc() && ec != std::errc::result_out_of_range))
          return fmt::format("'{}' is not a number; give one {}", printable(text), range);
        if (ec == std::errc::result_out_of_range || !(v >= min && v <= max))
          return fmt::format("{} is out of range; give a number {}", printable(text), range);
        return {};
      },
      fmt::format("number {}", range), "NUMBER");
}

CLI::Option* add_whole_option(CLI::App& cmd, const std::string& names, std::int64_t& value, long long min,
                              long long max, const std::string& description) {
  return cmd.add_option(names, value, description)->check(whole_number(min, max));
}

CLI::Option* add_whole_option(CLI::App& cmd, const std::string& names, int& value, long long min, long long max,
                              const std::string& description) {
  return cmd.add_option(names, value, description)->check(whole_number(min, max));
}

CLI::Option* add_replications_option(CLI::App& cmd, std::int64_t& value, const std::string& description) {
  return add_whole_option(cmd, "-n,--replications", value, 1, kMaxReplications, description);
}

CLI::Option* add_seed_option(CLI::App& cmd, std::int64_t& value, const std::string& description) {
  return add_whole_option(cmd, "--seed", value, 0, kMaxSeed, description);
}

CLI::Option* add_jobs_option(CLI::App& cmd, int& value) {
  return add_whole_option(cmd, "-j,--jobs", value, 1, kMaxJobs, "worker processes; results do not depend on it");
}

void check_input_path(const std::string& path, std::string_view option, std::string_view what) {
  if (const auto problem = input_file_problem(path, what))
    throw UsageError(fmt::format("{}{}{}: it {}", option, option.empty() ? "" : " ", printable(path), *problem));
}

void check_output_file(const std::string& output, std::string_view option) {
  namespace fs = std::filesystem;
  if (output.empty()) return;
  if (const auto p = text_problem(output, TextRules{false, false}))
    throw UsageError(fmt::format("{} {}: the path holds {}; name a results file such as results.h5", option,
                                 printable(output), p->what));
  const fs::path path = fs::absolute(output);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      throw UsageError(fmt::format("{} {}: that is a directory; name the results file inside it, e.g. {} {}", option,
                                   output, option, (fs::path(output) / "results.h5").string()));
    if (!S_ISREG(st.st_mode))
      throw UsageError(fmt::format("{} {}: that is a device or pipe, not a file; name a results file, e.g. {} "
                                   "results.h5",
                                   option, output, option));
  }
  const fs::path dir = path.parent_path();
  std::error_code ec;
  if (!fs::exists(dir, ec))
    throw UsageError(fmt::format("{} {}: the directory {} does not exist", option, output, dir.string()));
  if (!fs::is_directory(dir, ec))
    throw UsageError(fmt::format("{} {}: {} is a file, not a directory", option, output, dir.string()));
  // Whether a file can be created there is known only by creating one (permissions, a read-only
  // or full file system, /proc); it is removed at once.
  const fs::path probe = dir / fmt::format(".readysim-write-check-{}", ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    if (err != EEXIST)
      throw UsageError(fmt::format("{} {}: cannot write in {}: {}; choose a folder you can write to", option, output,
                                   dir.string(), std::strerror(err)));
    return;
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace readysim::cli
