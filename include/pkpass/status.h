// Status and Result<T>: how pkpass reports operational failure (I/O, OpenSSL, libzip, a bad key
// password, API misuse). Content problems in a pass are Diagnostics instead (diagnostic.h).
// Both types are values: safe to copy and to read from several threads.
#ifndef PKPASS_STATUS_H_
#define PKPASS_STATUS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pkpass/export.h"

namespace pkpass {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller passed something unusable: a bad flag, a malformed certificate
  kNotFound,         // a file or directory does not exist
  kIoError,          // reading or writing failed
  kCryptoError,      // OpenSSL refused: bad password, key mismatch, failed signature
  kArchiveError,     // libzip refused
  kInvalidPass,      // the pass has error diagnostics; see the Diagnostics passed to the call
  kInternal,         // a bug in pkpass
};

// Returns the name of `code`, e.g. "kCryptoError" -> "crypto error".
PKPASS_EXPORT std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] PKPASS_EXPORT Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status CryptoError(std::string m) { return {StatusCode::kCryptoError, std::move(m)}; }
  static Status ArchiveError(std::string m) { return {StatusCode::kArchiveError, std::move(m)}; }
  static Status InvalidPass(std::string m) { return {StatusCode::kInvalidPass, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns "OK" or "<code name>: <message>".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Prints "pkpass: a Result holds no value: <status>" to stderr and aborts: what reading the value
// of a Result that holds an error does, as abseil's StatusOr does, instead of undefined behaviour.
[[noreturn]] PKPASS_EXPORT void AbortOnMissingValue(const Status& status);

// Result<T> holds either a T or a non-OK Status (C++20 has no std::expected).
// value(), operator* and operator-> on a Result that holds an error abort with its status
// (AbortOnMissingValue): check ok() first.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design, as StatusOr
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result constructed from an OK Status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return Checked(); }
  T&& operator*() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }

 private:
  T& Checked() {
    if (!value_) AbortOnMissingValue(status_);
    return *value_;
  }
  const T& Checked() const {
    if (!value_) AbortOnMissingValue(status_);
    return *value_;
  }

  Status status_;  // OK exactly when value_ holds a value
  std::optional<T> value_;
};

}  // namespace pkpass

#endif  // PKPASS_STATUS_H_
