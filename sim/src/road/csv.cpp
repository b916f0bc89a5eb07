#include "road/csv.hpp"

#include "readysim/input_check.hpp"
#include "readysim/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

namespace readysim::csv {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Columns count code points, so they match what an editor shows for UTF-8 text.
bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, Diagnostics& diags, const Options& options)
      : text_(text), file_(file), diags_(diags), opt_(options) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  // Reads one record; false at end of text. `ok` is false when the record is malformed.
  bool next(Record& rec, bool& ok) {
    rec.fields.clear();
    ok = true;
    if (pos_ >= text_.size()) return false;
    rec.line = line_;
    while (true) {
      Field f;
      read_field(f, ok);
      rec.fields.push_back(std::move(f));
      if (pos_ >= text_.size()) break;
      const char c = text_[pos_];
      if (c == opt_.delimiter) {
        advance();
        continue;
      }
      // Anything else is a line end: read_field stops only at a delimiter or a line end.
      end_line();
      break;
    }
    return true;
  }

 private:
  void advance() {
    if (starts_code_point(text_[pos_])) ++col_;
    ++pos_;
  }

  bool at_line_end() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }

  void end_line() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    col_ = 1;
  }

  void skip_to_line_end() {
    while (pos_ < text_.size() && !at_line_end()) advance();
  }

  void error(int line, int col, std::string message) { diags_.error({file_, line, col}, std::move(message)); }

  void read_field(Field& f, bool& ok) {
    std::size_t start = pos_;
    int start_col = col_;
    while (pos_ < text_.size() && is_blank(text_[pos_])) advance();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      read_quoted(f, ok);
      return;
    }
    if (opt_.trim) {
      start = pos_;
      start_col = col_;
    }
    f.line = line_;
    f.column = start_col;
    while (pos_ < text_.size() && text_[pos_] != opt_.delimiter && !at_line_end()) {
      if (text_[pos_] == '"' && ok) {
        error(line_, col_,
              "stray '\"' inside an unquoted field; quote the whole field and double the inner quote (\"\")");
        ok = false;
      }
      advance();
    }
    const std::string_view raw = text_.substr(start, pos_ - start);
    f.text = std::string(opt_.trim ? trim(raw) : raw);
  }

  void read_quoted(Field& f, bool& ok) {
    f.line = line_;
    f.column = col_;
    advance();  // opening quote
    while (true) {
      if (pos_ >= text_.size()) {
        error(f.line, f.column, "quoted field is never closed; add the closing '\"'");
        ok = false;
        return;
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          f.text += '"';
          advance();
          advance();
          continue;
        }
        advance();
        break;
      }
      if (at_line_end()) {
        // Newlines inside quotes belong to the field; keep counting lines.
        f.text += '\n';
        end_line();
        continue;
      }
      f.text += c;
      advance();
    }
    while (pos_ < text_.size() && is_blank(text_[pos_])) advance();
    if (pos_ < text_.size() && text_[pos_] != opt_.delimiter && !at_line_end()) {
      if (ok) error(line_, col_, "text after the closing quote of a field; put it inside the quotes");
      ok = false;
      skip_to_line_end();
    }
  }

  std::string_view text_;
  const std::string& file_;
  Diagnostics& diags_;
  const Options& opt_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
};

bool is_blank_record(const Record& r) { return r.fields.size() == 1 && r.fields[0].text.empty(); }


std::string join(std::span<const std::string_view> names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace

std::optional<std::size_t> Table::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i].text == name) return i;
  }
  return std::nullopt;
}

Table parse(std::string_view text, std::string file, Diagnostics& diags, const Options& options) {
  Table table;
  table.file = std::move(file);
  Parser parser(text, table.file, diags, options);
  Record rec;
  bool ok = true;
  while (parser.next(rec, ok)) {
    if (is_blank_record(rec)) continue;
    if (table.header_line == 0) {
      table.header = std::move(rec.fields);
      table.header_line = rec.line;
      for (std::size_t i = 0; i < table.header.size(); ++i) {
        const Field& h = table.header[i];
        if (h.text.empty()) {
          diags.error(table.where(h), "column " + std::to_string(i + 1) +
                                          " of the header row has no name; name it or remove the extra delimiter");
          continue;
        }
        for (std::size_t j = 0; j < i; ++j) {
          if (table.header[j].text == h.text) {
            diags.error(table.where(h), "column '" + h.text + "' appears twice in the header row (also column " +
                                            std::to_string(j + 1) + "); remove or rename one");
            break;
          }
        }
      }
      continue;
    }
    if (!ok) continue;
    if (rec.fields.size() != table.header.size()) {
      diags.error({table.file, rec.line, 1}, "record has " + std::to_string(rec.fields.size()) +
                                                 " fields but the header has " + std::to_string(table.header.size()) +
                                                 "; add or remove fields (quote any field that contains a '" +
                                                 std::string(1, options.delimiter) + "')");
      continue;
    }
    table.records.push_back(std::move(rec));
    rec = Record{};
  }
  return table;
}

std::optional<std::string> read_text(const std::string& path, Diagnostics& diags, std::string_view what) {
  if (const auto problem = input_file_problem(path, what)) {
    diags.error({path, 0, 0}, "cannot open " + std::string(what) + " '" + path + "': it " + *problem);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = std::move(buffer).str();
  // Every name read from it ends up in results, CSV and HTML: UTF-8 without control characters.
  bool clean = true;
  std::size_t from = 0;
  for (int reported = 0; reported < 20 && from < text.size(); ++reported) {
    const auto p = text_problem(std::string_view(text).substr(from), TextRules{true, true});
    if (!p) break;
    const std::size_t at = from + p->offset;
    const TextPosition pos = text_position(text, at);
    const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1) == std::string::npos || at == 0
                                       ? 0
                                       : text.rfind('\n', at - 1) + 1;
    const std::size_t line_end = std::min(text.find('\n', at), text.size());
    diags.error({path, pos.line, pos.column},
                "the " + std::string(what) + " holds " + p->what + " here (in '" +
                    printable(std::string_view(text).substr(line_start, line_end - line_start)) +
                    "'); it must be UTF-8 text without control characters: save it as UTF-8 and remove the character");
    clean = false;
    from = line_end + 1;  // one problem per line
  }
  if (!clean) return std::nullopt;
  return text;
}

std::optional<Table> read_file(const std::string& path, Diagnostics& diags, std::string_view what,
                               const Options& options) {
  auto text = read_text(path, diags, what);
  if (!text) return std::nullopt;
  return parse(*text, path, diags, options);
}

bool check_columns(const Table& table, std::span<const std::string_view> known, Diagnostics& diags) {
  bool all_known = true;
  for (const Field& h : table.header) {
    if (h.text.empty() || std::find(known.begin(), known.end(), h.text) != known.end()) continue;
    all_known = false;
    std::string message = "unknown column '" + h.text + "'";
    if (const auto hint = closest_match(h.text, known)) {
      message += "; did you mean '" + std::string(*hint) + "'?";
    } else {
      message += "; the known columns are " + join(known);
    }
    diags.error(table.where(h), std::move(message));
  }
  return all_known;
}

namespace {
// from_chars takes no '+', which people write ("+3.5"); one sign at most.
bool strip_plus(std::string_view& text) {
  if (!text.starts_with('+')) return true;
  text.remove_prefix(1);
  return !text.starts_with('+') && !text.starts_with('-');
}
}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (!strip_plus(text) || text.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view text) {
  if (!strip_plus(text) || text.empty()) return std::nullopt;
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}


}  // namespace readysim::csv
