#pragma once
// Escaping text for the formats we write: CSV fields, JSON strings, HTML.

#include <string>
#include <string_view>

namespace readysim {

/// An RFC 4180 field: quoted (with doubled quotes) when it holds a comma, quote or newline.
std::string csv_field(std::string_view s);
/// A JSON string literal, quotes included.
std::string json_string(std::string_view s);
/// Text safe inside HTML elements and attribute values.
std::string html_escape(std::string_view s);

}  // namespace readysim
