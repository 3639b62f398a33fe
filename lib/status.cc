#include "pkpass/status.h"

#include <cstdio>
#include <cstdlib>

namespace pkpass {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kIoError: return "I/O error";
    case StatusCode::kCryptoError: return "crypto error";
    case StatusCode::kArchiveError: return "archive error";
    case StatusCode::kInvalidPass: return "invalid pass";
    case StatusCode::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

void AbortOnMissingValue(const Status& status) {
  std::fprintf(stderr, "pkpass: a Result holds no value: %s\n", status.ToString().c_str());
  std::abort();
}

}  // namespace pkpass
