#pragma once
/// \file results.hpp
/// Result tables in memory and their HDF5 file (DESIGN.md "Results"): a group per table, one
/// 1-D dataset per column, a `units` attribute on dimensioned columns, a `description`
/// attribute on described ones, `/meta` for provenance.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace readysim {

/// The values of one column: float64, int64 or UTF-8 strings.
using ColumnValues = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;

/// One named, typed column of a table.
struct Column {
  std::string name;     ///< dataset name in the table's group: non-empty UTF-8, no '/', not "."
  std::string unit;     ///< unit of the values ("s", "kW"), stored as attribute `units`; "" when dimensionless
  ColumnValues values;  ///< one value per row
  std::string description;  ///< what a value is, stored as attribute `description`; "" when none
  /// Number of values.
  [[nodiscard]] std::size_t size() const;
};

/// A named table: columns of equal length, kept in order.
struct Table {
  std::string name;  ///< group name in the file ("incidents"); same rules as column names, not "meta"
  /// In the order written and read back. A deque, so that appending a column never moves the
  /// others: the references add_* return stay valid while the table lives.
  std::deque<Column> columns;

  /// Appends a float64 column and returns its values, to fill row by row; throws Error if the
  /// table already has a column of that name.
  std::vector<double>& add_doubles(std::string column, std::vector<double> values = {}, std::string unit = {});
  /// Appends an int64 column and returns its values; throws Error on a duplicate name.
  std::vector<std::int64_t>& add_ints(std::string column, std::vector<std::int64_t> values = {},
                                      std::string unit = {});
  /// Appends a string column (UTF-8 values) and returns its values; throws Error on a duplicate name.
  std::vector<std::string>& add_strings(std::string column, std::vector<std::string> values = {});

  /// The column called `column`, or nullptr.
  [[nodiscard]] const Column* find(std::string_view column) const;
  /// The column called `column`, or nullptr.
  [[nodiscard]] Column* find(std::string_view column);
  /// The float64 column `column`; throws Error if it is absent or of another type.
  [[nodiscard]] const std::vector<double>& doubles(std::string_view column) const;
  /// The float64 column `column`; throws Error if it is absent or of another type.
  [[nodiscard]] std::vector<double>& doubles(std::string_view column);
  /// The int64 column `column`; throws Error if it is absent or of another type.
  [[nodiscard]] const std::vector<std::int64_t>& ints(std::string_view column) const;
  /// The int64 column `column`; throws Error if it is absent or of another type.
  [[nodiscard]] std::vector<std::int64_t>& ints(std::string_view column);
  /// The string column `column`; throws Error if it is absent or of another type.
  [[nodiscard]] const std::vector<std::string>& strings(std::string_view column) const;
  /// The string column `column`; throws Error if it is absent or of another type.
  [[nodiscard]] std::vector<std::string>& strings(std::string_view column);

  /// Number of rows (0 without columns); throws Error naming the table and the first column
  /// whose length differs from the first column's.
  [[nodiscard]] std::size_t rows() const;
};

/// Everything one results file holds: provenance in `/meta` and the tables.
struct ResultSet {
  /// `/meta` scalar UTF-8 string datasets (effective scenario YAML, version, git hash), in order.
  std::vector<std::pair<std::string, std::string>> meta_text;
  /// `/meta` scalar int64 datasets (seed, replications), in order.
  std::vector<std::pair<std::string, std::int64_t>> meta_int;
  /// The tables, one group each, in order (a deque: adding a table never moves the others).
  std::deque<Table> tables;

  /// Appends an empty table and returns it (valid while the set lives); throws Error if a table
  /// of that name exists.
  Table& add_table(std::string name);
  /// The table called `name`; throws Error if absent.
  [[nodiscard]] const Table& table(std::string_view name) const;
  /// The table called `name`; throws Error if absent.
  [[nodiscard]] Table& table(std::string_view name);
};

/// Writes `results` as HDF5 to `path`, replacing any file there only once the new one is complete
/// (written to `path.tmp-<pid>` beside it, flushed to disk, renamed). Validates first: names,
/// equal column lengths, UTF-8 strings. On any failure nothing is left beside `path`, a previous
/// file at `path` is untouched, and Error "cannot write results to <path>: <reason>" is thrown.
/// HDF5 is not thread-safe here: call from one thread at a time.
void write_results(const std::string& path, const ResultSet& results);

/// A results file written a batch of rows at a time, while a run is still producing them. The
/// file holds what write_results would write of the batches joined row by row (the same groups,
/// datasets, values, types and attributes, in the same order); only the storage differs: a table
/// that reaches kStreamRows rows becomes extensible, chunked by that many rows, and its rows are
/// written (and compressed) as they come, so that writing is spread over the run; smaller tables
/// are written whole by finish(), as write_results writes them. Same guarantees as
/// write_results: written to `path.tmp-<pid>`, flushed to disk and renamed by finish(); on any
/// failure, or if the writer is destroyed unfinished, nothing is left beside `path`. Errors read
/// "cannot write results to <path>: <reason>". One thread at a time (HDF5 is not thread-safe).
class ResultsFileWriter {
 public:
  /// Rows per chunk of a table written while it grows (and the most a table written whole has).
  static constexpr std::size_t kStreamRows = 4096;

  /// Creates the temporary file beside `path` (its directory must exist).
  explicit ResultsFileWriter(std::string path);
  ~ResultsFileWriter();
  ResultsFileWriter(const ResultsFileWriter&) = delete;             ///< one file, one writer
  ResultsFileWriter& operator=(const ResultsFileWriter&) = delete;  ///< one file, one writer

  /// Appends the rows of `rows`' tables (its meta is ignored). The first call fixes the tables,
  /// in file order, and their columns (names, types, units); every later call must bring the
  /// same ones, or Error is thrown. The values are moved from.
  void append(ResultSet&& rows);
  /// Writes `rest` (/meta and tables after the appended ones), completes the file and puts it at
  /// `path`.
  void finish(const ResultSet& rest);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads a results file written by write_results (tables, columns and meta in the order written);
/// throws Error "cannot read results from <path>: <reason>".
[[nodiscard]] ResultSet read_results(const std::string& path);

}  // namespace readysim
