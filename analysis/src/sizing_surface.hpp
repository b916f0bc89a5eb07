#pragma once
// Internal to the analysis library: the response surface the sizing search prunes with.

#include <Eigen/Dense>

#include <optional>
#include <set>
#include <vector>

#include "readysim/sizing.hpp"

namespace readysim::sizing::detail {

// A least-squares model of one quantity (a target's normalised gap) over configurations:
// intercept, then as many terms as the data support — linear in each integer variable, one-hot
// for each choice level seen, squares, then pairwise products of integer variables — with a
// whisper of ridge so that collinear terms do not make the solve singular.
class Surface {
 public:
  // Fits `y[k]` at `points[k]`. With fewer than 3 points the surface is unusable (usable() false).
  Surface(const Problem& problem, const std::vector<Candidate>& points, const std::vector<double>& y);

  [[nodiscard]] bool usable() const { return usable_; }
  // The prediction at `c` and its standard deviation (residual and coefficient uncertainty);
  // infinite at a choice level the data never had, about which the fit knows nothing.
  [[nodiscard]] double predict(const Candidate& c, double& sd) const;
  [[nodiscard]] int terms() const { return static_cast<int>(terms_.size()); }
  [[nodiscard]] int points() const { return points_; }
  [[nodiscard]] double r_squared() const { return r2_; }
  [[nodiscard]] double residual_sd() const { return sigma_; }

 private:
  enum class Kind { intercept, linear, square, one_hot, product };
  struct Term {
    Kind kind;
    std::size_t a = 0, b = 0;  // variables (product: both); one_hot: variable a, level b
  };
  [[nodiscard]] double feature(const Term& t, const Candidate& c) const;
  [[nodiscard]] Eigen::VectorXd features(const Candidate& c) const;

  const Problem& problem_;
  std::vector<Term> terms_;
  std::vector<double> centre_, scale_;  // per variable, for integer variables
  std::vector<std::set<int>> seen_;      // per choice variable, the levels in the data
  Eigen::VectorXd beta_;
  // Of X'X + ridge, for the leverage of a prediction. Optional: an LDLT never computed has an
  // indeterminate status that copying the surface would read (UBSan reports it).
  std::optional<Eigen::LDLT<Eigen::MatrixXd>> normal_;
  bool usable_ = false;
  int points_ = 0;
  double r2_ = 0, sigma_ = 0;
};

}  // namespace readysim::sizing::detail
