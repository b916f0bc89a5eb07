#pragma once
// The few payloads the ranks exchange besides records (readysim/ranks.hpp): an exit code with a
// message (verdict, final, end).

#include <string>
#include <string_view>
#include <utility>

namespace readysim {

/// An exit code and a message as bytes.
std::string encode_status(int code, const std::string& message);
/// The exit code and message of encode_status's bytes (code 1 and a note if they are malformed).
std::pair<int, std::string> decode_status(std::string_view bytes);
/// Sleeps a short while (a millisecond): between polls of a waiting rank.
void rank_pause();

}  // namespace readysim
