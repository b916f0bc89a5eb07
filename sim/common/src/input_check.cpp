#include "readysim/input_check.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

namespace readysim {

std::optional<std::string> input_file_problem(const std::string& path, std::string_view what,
                                              std::uintmax_t max_bytes) {
  if (path.empty()) return fmt::format("is an empty path; give the path of a {}", what);
  if (path.find('\0') != std::string::npos) return fmt::format("holds a NUL character; give the path of a {}", what);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return std::string("does not exist; check the path");
    if (err == ENOTDIR) return fmt::format("does not exist: a part of the path is a file, not a folder");
    if (err == EACCES) return fmt::format("cannot be reached: permission denied on a folder of its path");
    if (err == ELOOP) return fmt::format("is a loop of symbolic links; give the path of a {}", what);
    if (err == ENAMETOOLONG) return fmt::format("is too long a path; give the path of a {}", what);
    return fmt::format("cannot be read: {}", std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) return fmt::format("is a directory, not a file; give the {} inside it", what);
  if (S_ISFIFO(st.st_mode))
    return fmt::format("is a pipe (such as /dev/stdin or <(…)), not a file; save the {} to a file and give its path",
                       what);
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    return fmt::format("is a device (such as /dev/stdin, /dev/null or /dev/zero), not a file; give the path of a {}",
                       what);
  if (S_ISSOCK(st.st_mode)) return fmt::format("is a socket, not a file; give the path of a {}", what);
  if (!S_ISREG(st.st_mode)) return fmt::format("is not a regular file; give the path of a {}", what);
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes)
    return fmt::format("is {} MiB, more than the {} MiB an input file may have; is it the right file?",
                       human_number(static_cast<long long>(st.st_size >> 20)),
                       human_number(static_cast<long long>(max_bytes >> 20)));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == EACCES) return std::string("cannot be read: permission denied; check its permissions");
    return fmt::format("cannot be read: {}", std::strerror(err));
  }
  ::close(fd);
  return std::nullopt;
}

namespace {

std::string code_point_name(unsigned cp) {
  switch (cp) {
    case 0x00: return "a NUL character (U+0000)";
    case 0x09: return "a tab character (U+0009)";
    case 0x0A: return "a line break (U+000A)";
    case 0x0D: return "a carriage return (U+000D)";
    case 0x1B: return "an escape character (U+001B)";
    case 0x7F: return "a delete character (U+007F)";
    default: return fmt::format("a control character (U+{:04X})", cp);
  }
}

}  // namespace

std::optional<TextProblem> text_problem(std::string_view text, TextRules rules) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = p[i];
    if (c < 0x80) {
      const bool allowed = c >= 0x20 ? c != 0x7F
                                     : (c == '\t' && rules.tab) || ((c == '\n' || c == '\r') && rules.newline);
      if (!allowed) return TextProblem{i, code_point_name(c)};
      ++i;
      continue;
    }
    // Well-formed UTF-8 (Unicode 15, table 3-7).
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF, cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1FU;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0FU;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07U;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return TextProblem{i, fmt::format("a byte 0x{:02X} that is not UTF-8", c)};
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) return TextProblem{i, "an unfinished UTF-8 character"};
      const unsigned b = p[i + k];
      if (b < (k == 1 ? lo : 0x80U) || b > (k == 1 ? hi : 0xBFU))
        return TextProblem{i, fmt::format("a byte 0x{:02X} that is not UTF-8", c)};
      cp = (cp << 6) | (b & 0x3FU);
    }
    if (cp >= 0x80 && cp <= 0x9F) return TextProblem{i, code_point_name(cp)};
    if (cp == 0x2028 || cp == 0x2029)
      return TextProblem{i, fmt::format("a Unicode line separator (U+{:04X})", cp)};
    i += len;
  }
  return std::nullopt;
}

TextPosition text_position(std::string_view text, std::size_t offset) {
  TextPosition pos;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((c & 0xC0U) != 0x80U) {
      ++pos.column;
    }
  }
  return pos;
}

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  while (!text.empty()) {
    if (chars++ >= max_chars) {
      out += "…";
      break;
    }
    const auto problem = text_problem(text.substr(0, std::min<std::size_t>(4, text.size())), TextRules{false, false});
    const auto c = static_cast<unsigned char>(text[0]);
    if (problem && problem->offset == 0) {
      if (c < 0x80) {
        out += fmt::format("\\u{:04X}", c);
      } else if (c == 0xC2 && text.size() > 1) {  // a C1 control
        out += fmt::format("\\u{:04X}", static_cast<unsigned char>(text[1]) & 0xBFU);
        text.remove_prefix(1);
      } else {
        out += fmt::format("\\x{:02X}", c);
      }
      text.remove_prefix(1);
      continue;
    }
    std::size_t len = 1;
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    len = std::min(len, text.size());
    out.append(text.substr(0, len));
    text.remove_prefix(len);
  }
  return out;
}

std::string human_number(long long n) {
  const bool negative = n < 0;
  std::string digits = std::to_string(n);
  if (negative) digits.erase(0, 1);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

}  // namespace readysim
