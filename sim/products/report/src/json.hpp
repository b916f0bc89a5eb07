#pragma once
// A small JSON writer for the report's data: objects, arrays, numbers (NaN and infinity become
// null), strings and booleans, appended to one string.

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/text.hpp"

namespace readysim::report {

/// A JSON document being written; the caller keeps brackets balanced.
class Json {
 public:
  /// `{`
  Json& open() { comma(); out_ += '{'; first_ = true; return *this; }
  /// `}`
  Json& close() { out_ += '}'; first_ = false; return *this; }
  /// `[`
  Json& open_array() { comma(); out_ += '['; first_ = true; return *this; }
  /// `]`
  Json& close_array() { out_ += ']'; first_ = false; return *this; }
  /// `"name":` inside an object; the value follows.
  Json& key(std::string_view name) { comma(); out_ += json_string(name); out_ += ':'; first_ = true; return *this; }
  /// A number rounded to `digits` significant digits; null when not finite.
  Json& num(double v, int digits = 6) {
    comma();
    if (!std::isfinite(v)) out_ += "null";
    else out_ += fmt::format("{:.{}g}", v, digits);
    return *this;
  }
  /// An integer.
  Json& integer(long long v) { comma(); out_ += std::to_string(v); return *this; }
  /// A string.
  Json& str(std::string_view s) { comma(); out_ += json_string(s); return *this; }
  /// true or false.
  Json& boolean(bool b) { comma(); out_ += b ? "true" : "false"; return *this; }
  /// null.
  Json& null() { comma(); out_ += "null"; return *this; }
  /// An array of numbers.
  Json& nums(const std::vector<double>& v, int digits = 6) {
    open_array();
    for (double x : v) num(x, digits);
    return close_array();
  }
  /// An array of integers.
  Json& ints(const std::vector<long long>& v) {
    open_array();
    for (long long x : v) integer(x);
    return close_array();
  }
  /// An array of strings.
  Json& strs(const std::vector<std::string>& v) {
    open_array();
    for (const auto& x : v) str(x);
    return close_array();
  }
  /// The text written so far.
  [[nodiscard]] const std::string& text() const { return out_; }

 private:
  void comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string out_;
  bool first_ = true;
};

}  // namespace readysim::report
