#pragma once
// What the fuzz targets share: a scratch folder for the files a loader reads, and the rule that
// bad input may only end in readysim's own errors (anything else, a crash or a sanitizer report,
// is a bug libFuzzer keeps).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace readysim::fuzz {

namespace fs = std::filesystem;

/// The source tree (for the scenarios the targets lean on): READYSIM_SOURCE_DIR at build time.
inline fs::path source_dir() { return fs::path(READYSIM_SOURCE_DIR); }

/// A folder of this process's own under $TMPDIR (or /tmp), made once, removed at exit.
inline const fs::path& scratch() {
  static const fs::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    fs::path d = fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                 ("readysim-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(scratch(), ec);
    });
    return d;
  }();
  return dir;
}

/// Writes `bytes` to `path` (replacing it).
inline void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Links every file of `from` into `to` (made if absent), except those already there.
inline void link_files(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from)) {
    const fs::path target = to / e.path().filename();
    if (!fs::exists(fs::symlink_status(target))) fs::create_symlink(fs::absolute(e.path()), target);
  }
}

/// The input as text.
inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace readysim::fuzz
