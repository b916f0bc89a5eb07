// The summary as people read it on the terminal: `run`'s table, worded from the shared catalogue.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "readysim/messages.hpp"
#include "readysim/run_results.hpp"

namespace readysim {

namespace {

// Display columns of UTF-8 text: CJK and full-width forms take two (fmt pads by the same rule).
std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
    n += wide ? 2 : 1;
    i += len;
  }
  return n;
}

// `text` padded with spaces to `width` display columns, on the left (right-aligned) or right.
std::string pad(const std::string& text, std::size_t width, bool right) {
  const std::size_t w = display_width(text);
  const std::string fill(width > w ? width - w : 0, ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

std::string format_summary_table(const std::vector<stats::Summary>& summary, Language lang) {
  const Messages& msg = messages(lang);
  const auto label = [&msg](const stats::Summary& m) {
    return m.metric + " [" + msg.unit(m.unit == "s" ? "min" : m.unit == "1" ? "share" : m.unit) + "]";
  };
  std::size_t width = 38;
  for (const auto& m : summary) width = std::max(width, display_width(label(m)));
  // The p90 is the figure a planner quotes most; its interval gets a column (the others are in
  // /summary). In Chinese a last column says what each metric is: its name stays English.
  const bool describe = lang != Language::en;
  const auto row = [&](const std::string& name, const std::vector<std::string>& cells, const std::string& last) {
    static constexpr std::size_t kWidths[] = {8, 21, 8, 8, 21, 8, 8};
    std::string line = pad(name, width, false);
    for (std::size_t k = 0; k < cells.size(); ++k) line += " " + pad(cells[k], kWidths[k], true);
    if (describe) line += "  " + last;
    return line + "\n";
  };
  std::string out = row(msg.text("summary.metric"),
                        {msg.text("summary.mean"), msg.text("summary.ci95"), msg.text("summary.p50"),
                         msg.text("summary.p90"), msg.text("summary.p90_ci95"), msg.text("summary.p95"),
                         msg.text("summary.n")},
                        msg.text("summary.description"));
  const auto cell = [](double v, bool minutes) {
    if (std::isnan(v)) return std::string("—");
    if (std::isinf(v)) return std::string(v > 0 ? "inf" : "-inf");
    std::string text = minutes ? fmt::format("{:.2f}", v / 60.0) : fmt::format("{:.3f}", v);
    if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') text.erase(0, 1);  // no "-0.000"
    return text;
  };
  for (const auto& m : summary) {
    const bool minutes = m.unit == "s";
    const auto interval = [&](double low, double high) {
      return std::isnan(low) && std::isnan(high) ? std::string("—")
                                                 : fmt::format("[{}, {}]", cell(low, minutes), cell(high, minutes));
    };
    out += row(label(m),
               {cell(m.mean, minutes), interval(m.ci95_low, m.ci95_high), cell(m.p50, minutes), cell(m.p90, minutes),
                interval(m.p90_ci95_low, m.p90_ci95_high), cell(m.p95, minutes), std::to_string(m.n)},
               describe ? msg.metric_description(m.metric) : std::string());
  }
  return out + format_censoring_notes(summary, lang);  // a metric cut at the horizon says so
}

std::string format_censoring_notes(const std::vector<stats::Summary>& summary, Language lang) {
  const Messages& msg = messages(lang);
  std::string out;
  for (const auto& m : summary) {
    if (m.censored == 0) continue;
    out += msg.fill("summary.censored",
                    {{"metric", m.metric}, {"censored", std::to_string(m.censored)}, {"n", std::to_string(m.n)}});
    if (m.metric == "evac.clearance_time") out += msg.text("summary.censored_clearance");
    out += "\n";
  }
  return out;
}

}  // namespace readysim
