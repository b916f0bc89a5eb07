#pragma once
/// \file error.hpp
/// The one error hierarchy of readysim, and the diagnostics that scenario checks collect.

#include <stdexcept>
#include <string>
#include <vector>

namespace readysim {

/// Where in an input file something was found (1-based line and column; 0 when unknown).
struct SourceLocation {
  std::string file;  ///< path as given by the user (or resolved relative to the scenario)
  int line = 0;      ///< 1-based line, 0 if unknown
  int column = 0;    ///< 1-based column, 0 if unknown
};

/// "file:line:col" (parts that are unknown are left out).
std::string to_string(const SourceLocation& where);

/// One finding in an input: where, and a message naming the entity and the fix.
struct Diagnostic {
  SourceLocation where;  ///< the offending spot
  std::string message;   ///< what is wrong, which entity, what to do
};

/// "file:line:col: error: message", the form every input error is printed in.
std::string format_diagnostic(const Diagnostic& d);

/// Collects every error found in an input instead of stopping at the first.
class Diagnostics {
 public:
  /// Records an error at a location.
  void error(SourceLocation where, std::string message);
  /// True when no error has been recorded.
  [[nodiscard]] bool ok() const { return items_.empty(); }
  /// The recorded errors, in the order found.
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  /// Appends another collection's errors.
  void merge(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

/// Base of every readysim error.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A scenario (or a file it references) is invalid; carries every diagnostic found. Exit code 2.
class ScenarioError : public Error {
 public:
  /// Builds the error from a non-empty list of diagnostics.
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  /// Builds the error from a single diagnostic.
  ScenarioError(SourceLocation where, std::string message);
  /// Every diagnostic, in the order found.
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// No route exists, or a routing request is malformed.
class RoutingError : public Error {
 public:
  using Error::Error;
};

/// Usage error (bad command-line arguments). Exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace readysim
