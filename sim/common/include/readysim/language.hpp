#pragma once
/// \file language.hpp
/// The languages the products word their output in: each keeps a message catalogue per language.

namespace readysim {

/// Language of a product's wording (the audit, the drill's scripts).
enum class Language { en, zh };

}  // namespace readysim
