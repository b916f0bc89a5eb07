#pragma once
// Checks every input goes through before it is read: the path names a readable regular file of a
// sane size (not a directory, a device such as /dev/stdin, a pipe or a socket), and text is UTF-8
// free of control characters, so that nothing fails at the end of a run when the text is written.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace readysim {

/// The largest input file read (scenario, study, CSV): 256 MiB. A district's road network of a
/// million segments is about 60 MiB of CSV; anything larger is a wrong path or a runaway export.
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t{256} << 20;

/// Why `path` cannot be read as an input file, as the end of a sentence ("is a directory; give
/// the file inside it"), or nullopt when it is a readable regular file of at most `max_bytes`.
/// `what` names the file's role ("scenario file") in the advice.
[[nodiscard]] std::optional<std::string> input_file_problem(const std::string& path, std::string_view what,
                                                            std::uintmax_t max_bytes = kMaxInputFileBytes);

/// What is wrong with a piece of text, and where.
struct TextProblem {
  std::size_t offset = 0;  ///< byte offset of the offending character in the text
  std::string what;        ///< "byte 0xFF is not UTF-8", "a NUL character (U+0000)"…
};

/// Which characters a text may hold besides printable UTF-8.
struct TextRules {
  bool newline = true;  ///< LF (and CR) allowed (multi-line text, whole files)
  bool tab = true;      ///< TAB allowed
};

/// The first byte sequence of `text` that is not well-formed UTF-8 (overlong forms, surrogates
/// and code points above U+10FFFF included), or a control character (C0 other than the allowed
/// ones, DEL, C1), or nullopt when the text is clean.
[[nodiscard]] std::optional<TextProblem> text_problem(std::string_view text, TextRules rules = {});

/// 1-based line and column (in code points) of byte `offset` of `text`.
struct TextPosition {
  int line = 1;    ///< 1-based line
  int column = 1;  ///< 1-based column, counting code points
};
/// Where byte `offset` of `text` is.
[[nodiscard]] TextPosition text_position(std::string_view text, std::size_t offset);

/// `text` fit to quote in a message: bytes that are not UTF-8 as `\xFF`, control characters as
/// `\u0000`, and cut to about `max_chars` characters with "…".
[[nodiscard]] std::string printable(std::string_view text, std::size_t max_chars = 60);

/// `n` written with thousands separators: 1000000 → "1,000,000".
[[nodiscard]] std::string human_number(long long n);

}  // namespace readysim
