#pragma once
/// \file csv.hpp
/// A small CSV reader for input files (road networks, empirical samples): RFC 4180 quoting,
/// a header row, a UTF-8 byte-order mark tolerated, and the line and column of every field so
/// that each complaint can point at the spot (`roads.csv:14:7: error: …`).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/error.hpp"

namespace readysim::csv {

/// One field, with where its text starts (1-based line and column, columns in code points).
struct Field {
  std::string text;  ///< unquoted content (quotes removed, `""` turned into `"`)
  int line = 0;      ///< line of the first character of the field
  int column = 0;    ///< column of the first character (of the opening quote if quoted)
};

/// One record below the header; it has exactly as many fields as the header.
struct Record {
  std::vector<Field> fields;  ///< in header order
  int line = 0;               ///< line where the record starts
};

/// A parsed file: its header and its records.
struct Table {
  std::string file;             ///< path as given, used in every SourceLocation
  std::vector<Field> header;    ///< column names, in file order; empty when the file is empty
  int header_line = 0;          ///< line of the header row (0 when the file has none)
  std::vector<Record> records;  ///< data records, blank lines and malformed records left out

  /// Index of the column named exactly `name`, if the header has it.
  [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
  /// Where a field is, for diagnostics.
  [[nodiscard]] SourceLocation where(const Field& f) const { return {file, f.line, f.column}; }
  /// Where the header row is (column 1), for complaints about missing columns.
  [[nodiscard]] SourceLocation header_where() const { return {file, header_line, header_line > 0 ? 1 : 0}; }
};

/// How to read a file.
struct Options {
  char delimiter = ',';  ///< field separator
  /// Strip spaces and tabs around unquoted fields (hand-written files put a space after commas);
  /// quoted fields keep their inner spaces.
  bool trim = true;
};

/// Parses CSV text. Syntax errors (an unclosed quote, text after a closing quote, a record with
/// the wrong number of fields, an empty or repeated column name) go to `diags`; the offending
/// records are left out and parsing goes on. Blank lines are skipped.
Table parse(std::string_view text, std::string file, Diagnostics& diags, const Options& options = {});

/// Reads a whole file as bytes; reports "cannot open <what> '<path>': <why>" to `diags` and
/// returns nullopt when it cannot be read.
std::optional<std::string> read_text(const std::string& path, Diagnostics& diags, std::string_view what);

/// Reads and parses a file; reports "cannot open …" to `diags` and returns nullopt when it cannot
/// be read. `what` names the file's role in that message ("nodes file").
std::optional<Table> read_file(const std::string& path, Diagnostics& diags, std::string_view what = "CSV file",
                               const Options& options = {});

/// Reports every header column that is not in `known`, with a did-you-mean when one is close.
/// Returns true when all columns are known.
bool check_columns(const Table& table, std::span<const std::string_view> known, Diagnostics& diags);

/// A finite number in plain decimal or exponent notation ("42", "-1.5", "2e3"); the whole
/// text must be the number. nullopt otherwise (also for "nan" and "inf").
std::optional<double> parse_number(std::string_view text);

/// A whole number ("3", "-2"); nullopt for anything else, including "3.0".
std::optional<long long> parse_integer(std::string_view text);


}  // namespace readysim::csv
