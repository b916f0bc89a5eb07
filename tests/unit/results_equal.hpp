#pragma once
// Two result sets hold the same meta, tables, columns, units and values (floats bit for bit,
// NaN equal to NaN): for the tests of results files.
#include <catch2/catch.hpp>

#include <cmath>
#include <variant>
#include <vector>

#include "readysim/results.hpp"

namespace readysim::testing {

/// CHECKs that `got` equals `want` in every meta entry, table, column, unit, description and value.
inline void check_equal(const readysim::ResultSet& got, const readysim::ResultSet& want) {
  CHECK(got.meta_text == want.meta_text);
  CHECK(got.meta_int == want.meta_int);
  REQUIRE(got.tables.size() == want.tables.size());
  for (std::size_t t = 0; t < want.tables.size(); ++t) {
    const readysim::Table& g = got.tables[t];
    const readysim::Table& w = want.tables[t];
    CHECK(g.name == w.name);
    REQUIRE(g.columns.size() == w.columns.size());
    for (std::size_t c = 0; c < w.columns.size(); ++c) {
      INFO("table " << w.name << " column " << w.columns[c].name);
      CHECK(g.columns[c].name == w.columns[c].name);
      CHECK(g.columns[c].unit == w.columns[c].unit);
      CHECK(g.columns[c].description == w.columns[c].description);
      REQUIRE(g.columns[c].values.index() == w.columns[c].values.index());
      if (const auto* d = std::get_if<std::vector<double>>(&w.columns[c].values)) {
        const auto& gd = std::get<std::vector<double>>(g.columns[c].values);
        REQUIRE(gd.size() == d->size());
        std::size_t differ = 0;  // bit-exact, with NaN equal to NaN
        for (std::size_t i = 0; i < d->size(); ++i)
          differ += std::isnan((*d)[i]) ? !std::isnan(gd[i])
                                         : (std::signbit(gd[i]) != std::signbit((*d)[i]) || gd[i] != (*d)[i]);
        CHECK(differ == 0);
      } else {
        CHECK(g.columns[c].values == w.columns[c].values);
      }
    }
  }
}

}  // namespace readysim::testing
