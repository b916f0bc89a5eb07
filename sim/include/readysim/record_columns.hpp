#pragma once
/// \file record_columns.hpp
/// Record tables described once (issue 15): a table is a list of `RecordColumn`s, each one line
/// (name, unit, accessor), and `add_record_table` turns a list of rows into the table. The type of
/// a column follows what its accessor returns, so the description is all there is to a column.

#include <concepts>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/results.hpp"

namespace readysim {

namespace detail {
/// Calls `fill(k)` once for every column k < `columns`: on two threads when the table has
/// `rows` enough to be worth it (the odd columns on a second thread), else in order on this one.
/// Rethrows an exception a call threw (this thread's first).
void fill_columns(std::size_t columns, std::size_t rows, const std::function<void(std::size_t)>& fill);
}  // namespace detail

/// One column of a record table, described once: its name, its unit, how to read its value from
/// a row, and what the value is (one line, written to the file as the dataset's `description`
/// attribute and to docs/results-schema.md). Its type follows the accessor's return type:
/// floating point is float64, integral (and bool, as 0/1) is int64, anything else (convertible
/// to std::string) is a UTF-8 string. One line per column:
/// `{"alarm", "s", [](const Fire& f) { return f->alarm_s; }, "call received"}`.
template <typename Row>
struct RecordColumn {
  using Doubles = std::function<double(const Row&)>;         ///< accessor of a float64 column
  using Ints = std::function<std::int64_t(const Row&)>;      ///< accessor of an int64 column
  using Strings = std::function<std::string(const Row&)>;    ///< accessor of a string column

  std::string name;                          ///< dataset name in the table's group
  std::string unit;                          ///< `units` attribute; "" when dimensionless
  std::variant<Doubles, Ints, Strings> get;  ///< the value of this column in a row
  std::string description;                   ///< what a value is; "" when undescribed

  /// The column `name`, in `unit`, whose value in a row is `get(row)`, described by `about`.
  template <typename Get>
    requires std::invocable<const Get&, const Row&>
  RecordColumn(std::string column, std::string in_unit, Get value, std::string about)
      : RecordColumn(std::move(column), std::move(in_unit), std::move(value)) {
    description = std::move(about);
  }
  /// The dimensionless column `name` whose value in a row is `get(row)`, described by `about`.
  template <typename Get>
    requires std::invocable<const Get&, const Row&>
  RecordColumn(std::string column, Get value, std::string about)
      : RecordColumn(std::move(column), std::string{}, std::move(value)) {
    description = std::move(about);
  }
  /// The column `name`, in `unit`, whose value in a row is `get(row)`.
  template <typename Get>
    requires std::invocable<const Get&, const Row&>
  RecordColumn(std::string column, std::string in_unit, Get value) : name(std::move(column)), unit(std::move(in_unit)) {
    using Value = std::remove_cvref_t<std::invoke_result_t<const Get&, const Row&>>;
    if constexpr (std::is_floating_point_v<Value>)
      get = Doubles([g = std::move(value)](const Row& r) { return static_cast<double>(g(r)); });
    else if constexpr (std::is_integral_v<Value> || std::is_enum_v<Value>)
      get = Ints([g = std::move(value)](const Row& r) { return static_cast<std::int64_t>(g(r)); });
    else
      get = Strings([g = std::move(value)](const Row& r) { return std::string(g(r)); });
  }
  /// The dimensionless column `name` whose value in a row is `get(row)`.
  template <typename Get>
    requires std::invocable<const Get&, const Row&>
  RecordColumn(std::string column, Get value) : RecordColumn(std::move(column), std::string{}, std::move(value)) {}
};

/// The columns of one record table, in the order they are written.
template <typename Row>
using RecordColumns = std::vector<RecordColumn<Row>>;

/// One record of a replication, with the replication's number: the row of the per-replication
/// record tables (/incidents, /units, /staff_tasks …).
template <typename Record>
struct ReplicationRow {
  std::int64_t replication;  ///< the replication's number (`ReplicationRecords::replication`)
  const Record* record;      ///< the record; points into the records, which outlive the rows
  /// The record.
  const Record& operator*() const { return *record; }
  /// The record's members.
  const Record* operator->() const { return record; }
};

/// The rows of a per-replication record table: every record in `member` of every replication of
/// `replications` (each with a `replication` number), in order.
template <typename Replications, typename Member>
auto replication_rows(const Replications& replications, Member member) {
  using Records = std::remove_cvref_t<decltype(replications.front().*member)>;
  using Record = typename Records::value_type;
  std::vector<ReplicationRow<Record>> rows;
  for (const auto& rep : replications)
    for (const Record& r : rep.*member) rows.push_back({static_cast<std::int64_t>(rep.replication), &r});
  return rows;
}

/// What the `replication` column of every per-replication table holds.
inline constexpr const char* kReplicationDescription = "replication number (its random streams depend on it alone)";

/// The `replication` column every per-replication record table starts with.
template <typename Record>
RecordColumn<ReplicationRow<Record>> replication_column() {
  return {"replication", [](const ReplicationRow<Record>& r) { return r.replication; }, kReplicationDescription};
}

/// Appends to `rs` the table `name` with `columns`, in order, and one row per element of `rows`;
/// returns it. Throws Error if a string column is given a unit (the file has none for strings).
/// Long tables fill their columns on two threads (each column is filled by one thread, in row
/// order, so the values are the same): accessors only read the rows and what they capture.
template <typename Row, typename Rows>
Table& add_record_table(ResultSet& rs, std::string name, const RecordColumns<Row>& columns, const Rows& rows) {
  using C = RecordColumn<Row>;
  Table& table = rs.add_table(std::move(name));
  for (const C& c : columns) {
    if (std::holds_alternative<typename C::Doubles>(c.get))
      table.add_doubles(c.name, {}, c.unit);
    else if (std::holds_alternative<typename C::Ints>(c.get))
      table.add_ints(c.name, {}, c.unit);
    else if (c.unit.empty())
      table.add_strings(c.name);
    else
      throw Error("column \"" + c.name + "\" of table \"" + table.name + "\" holds strings but has a unit");
    table.columns.back().description = c.description;
  }
  // Columns are all added before any is filled: adding one may move the others.
  const auto fill_column = [&](std::size_t k) {
    const auto fill = [&rows](auto& values, const auto& get) {
      values.reserve(std::size(rows));
      for (const auto& row : rows) values.push_back(get(row));
    };
    const C& c = columns[k];
    ColumnValues& values = table.columns[k].values;
    if (const auto* get = std::get_if<typename C::Doubles>(&c.get))
      fill(std::get<std::vector<double>>(values), *get);
    else if (const auto* geti = std::get_if<typename C::Ints>(&c.get))
      fill(std::get<std::vector<std::int64_t>>(values), *geti);
    else
      fill(std::get<std::vector<std::string>>(values), std::get<typename C::Strings>(c.get));
  };
  detail::fill_columns(columns.size(), std::size(rows), fill_column);
  return table;
}

}  // namespace readysim
