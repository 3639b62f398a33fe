// Internal helpers for propagating Status and Result<T>.
#ifndef PKPASS_UTIL_STATUS_MACROS_H_
#define PKPASS_UTIL_STATUS_MACROS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "pkpass/status.h"

namespace pkpass {

// The status of a verdict that found `errors` errors in `what` ("the pass", "the overrides"):
// kInvalidPass, "3 error(s) in the pass".
inline Status ErrorsIn(size_t errors, std::string_view what) {
  return Status::InvalidPass(std::to_string(errors) + " error(s) in " + std::string(what));
}

}  // namespace pkpass

#define PKPASS_CONCAT_INNER_(a, b) a##b
#define PKPASS_CONCAT_(a, b) PKPASS_CONCAT_INNER_(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define PKPASS_RETURN_IF_ERROR(expr)             \
  do {                                           \
    ::pkpass::Status pkpass_status_ = (expr);    \
    if (!pkpass_status_.ok()) return pkpass_status_; \
  } while (0)

// Evaluates `rexpr` (a Result<T>); returns its Status when not OK, else moves its value to `lhs`.
#define PKPASS_ASSIGN_OR_RETURN(lhs, rexpr) \
  PKPASS_ASSIGN_OR_RETURN_IMPL_(PKPASS_CONCAT_(pkpass_result_, __LINE__), lhs, rexpr)
#define PKPASS_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                  \
  if (!result.ok()) return result.status();               \
  lhs = std::move(result).value()

#endif  // PKPASS_UTIL_STATUS_MACROS_H_
