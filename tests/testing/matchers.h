// gMock matchers for Status, Result<T> and Diagnostics, in the style of abseil's StatusIs.
#ifndef PKPASS_TESTS_TESTING_MATCHERS_H_
#define PKPASS_TESTS_TESTING_MATCHERS_H_

#include <gmock/gmock.h>

#include <ostream>
#include <string>

#include "pkpass/diagnostic.h"
#include "pkpass/status.h"

namespace pkpass {

inline void PrintTo(const Status& s, std::ostream* os) { *os << s.ToString(); }
inline void PrintTo(const Diagnostics& d, std::ostream* os) { *os << "\n" << FormatText(d); }

namespace testing {

inline const Status& GetStatus(const Status& s) { return s; }
template <typename T>
const Status& GetStatus(const Result<T>& r) { return r.status(); }

MATCHER(IsOk, "is OK") {
  const Status& s = GetStatus(arg);
  *result_listener << s.ToString();
  return s.ok();
}

MATCHER_P(StatusIs, code, "has status code " + std::string(StatusCodeName(code))) {
  const Status& s = GetStatus(arg);
  *result_listener << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher, "has status code " + std::string(StatusCodeName(code))) {
  const Status& s = GetStatus(arg);
  *result_listener << s.ToString();
  return s.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, s.message(), result_listener);
}

// Matches Diagnostics holding a diagnostic with `code` at `pointer` (in any file).
MATCHER_P2(HasDiagnostic, code, pointer,
           "has a diagnostic " + std::string(code) + " at \"" + std::string(pointer) + "\"") {
  for (const Diagnostic& d : arg) {
    if (d.code == code && d.pointer == pointer) return true;
  }
  *result_listener << "diagnostics:\n" << FormatText(arg);
  return false;
}

// Matches Diagnostics holding a diagnostic with `code` in `file` at `pointer`.
MATCHER_P3(HasDiagnosticIn, code, file, pointer,
           "has a diagnostic " + std::string(code) + " at " + std::string(file) + ":" +
               std::string(pointer)) {
  for (const Diagnostic& d : arg) {
    if (d.code == code && d.file == file && d.pointer == pointer) return true;
  }
  *result_listener << "diagnostics:\n" << FormatText(arg);
  return false;
}

}  // namespace testing
}  // namespace pkpass

#endif  // PKPASS_TESTS_TESTING_MATCHERS_H_
