// In-memory result tables: typed access by column name, equal lengths checked in one place.
#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <variant>

#include "readysim/error.hpp"
#include "readysim/record_columns.hpp"
#include "readysim/results.hpp"

namespace readysim {

namespace {

const char* type_name(const ColumnValues& v) {
  constexpr const char* names[] = {"float64", "int64", "string"};
  return names[v.index()];
}

template <typename T, typename TableT>
auto& typed(TableT& table, std::string_view column, const char* wanted) {
  auto* c = table.find(column);
  if (c == nullptr)
    throw Error("table \"" + table.name + "\" has no column \"" + std::string(column) + "\"");
  auto* values = std::get_if<T>(&c->values);
  if (values == nullptr)
    throw Error("column \"" + c->name + "\" of table \"" + table.name + "\" holds " + type_name(c->values) +
                " values, not " + wanted);
  return *values;
}

template <typename T>
T& add(Table& table, std::string column, T values, std::string unit) {
  if (table.find(column) != nullptr)
    throw Error("table \"" + table.name + "\" already has a column \"" + column + "\"");
  table.columns.push_back(Column{std::move(column), std::move(unit), std::move(values), {}});
  return std::get<T>(table.columns.back().values);
}

template <typename TableT>
auto* find_column(TableT& table, std::string_view column) {
  for (auto& c : table.columns)
    if (c.name == column) return &c;
  return static_cast<decltype(&table.columns.front())>(nullptr);
}

template <typename SetT>
auto& find_table(SetT& set, std::string_view name) {
  for (auto& t : set.tables)
    if (t.name == name) return t;
  throw Error("the results have no table \"" + std::string(name) + "\"");
}

}  // namespace

std::size_t Column::size() const {
  return std::visit([](const auto& v) { return v.size(); }, values);
}

std::vector<double>& Table::add_doubles(std::string column, std::vector<double> values, std::string unit) {
  return add(*this, std::move(column), std::move(values), std::move(unit));
}
std::vector<std::int64_t>& Table::add_ints(std::string column, std::vector<std::int64_t> values, std::string unit) {
  return add(*this, std::move(column), std::move(values), std::move(unit));
}
std::vector<std::string>& Table::add_strings(std::string column, std::vector<std::string> values) {
  return add(*this, std::move(column), std::move(values), std::string{});
}

const Column* Table::find(std::string_view column) const { return find_column(*this, column); }
Column* Table::find(std::string_view column) { return find_column(*this, column); }

const std::vector<double>& Table::doubles(std::string_view c) const {
  return typed<std::vector<double>>(*this, c, "float64");
}
std::vector<double>& Table::doubles(std::string_view c) { return typed<std::vector<double>>(*this, c, "float64"); }
const std::vector<std::int64_t>& Table::ints(std::string_view c) const {
  return typed<std::vector<std::int64_t>>(*this, c, "int64");
}
std::vector<std::int64_t>& Table::ints(std::string_view c) {
  return typed<std::vector<std::int64_t>>(*this, c, "int64");
}
const std::vector<std::string>& Table::strings(std::string_view c) const {
  return typed<std::vector<std::string>>(*this, c, "strings");
}
std::vector<std::string>& Table::strings(std::string_view c) {
  return typed<std::vector<std::string>>(*this, c, "strings");
}

std::size_t Table::rows() const {
  if (columns.empty()) return 0;
  const std::size_t n = columns.front().size();
  for (const Column& c : columns)
    if (c.size() != n)
      throw Error("table \"" + name + "\": column \"" + c.name + "\" has " + std::to_string(c.size()) +
                  " rows but column \"" + columns.front().name + "\" has " + std::to_string(n) +
                  "; every column of a table needs the same length");
  return n;
}

Table& ResultSet::add_table(std::string name) {
  for (const Table& t : tables)
    if (t.name == name) throw Error("the results already have a table \"" + name + "\"");
  tables.push_back(Table{std::move(name), {}});
  return tables.back();
}

const Table& ResultSet::table(std::string_view name) const { return find_table(*this, name); }
Table& ResultSet::table(std::string_view name) { return find_table(*this, name); }

namespace detail {

void fill_columns(std::size_t columns, std::size_t rows, const std::function<void(std::size_t)>& fill) {
  // Below this a thread costs more than it saves (the district's /incidents has 30k rows per 2000
  // replications; filling the tables of a 2000-replication run took a third of writing it).
  constexpr std::size_t kParallelRows = 8192;
  if (rows < kParallelRows || columns < 2 || std::thread::hardware_concurrency() < 2) {
    for (std::size_t k = 0; k < columns; ++k) fill(k);
    return;
  }
  std::exception_ptr second_failed;
  std::thread second([&] {
    try {
      for (std::size_t k = 1; k < columns; k += 2) fill(k);
    } catch (...) {
      second_failed = std::current_exception();
    }
  });
  std::exception_ptr first_failed;
  try {
    for (std::size_t k = 0; k < columns; k += 2) fill(k);
  } catch (...) {
    first_failed = std::current_exception();
  }
  second.join();
  if (first_failed) std::rethrow_exception(first_failed);
  if (second_failed) std::rethrow_exception(second_failed);
}

}  // namespace detail

}  // namespace readysim
