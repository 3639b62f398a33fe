// Diagnostics: content problems found in a model, in overrides or in a pass. They are collected,
// never stopped at the first, and come in a deterministic order. Not thread-safe: each call that
// fills a Diagnostics owns it for the duration of the call.
#ifndef PKPASS_DIAGNOSTIC_H_
#define PKPASS_DIAGNOSTIC_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/export.h"

namespace pkpass {

enum class Severity { kWarning, kError };

// Returns "warning" or "error".
PKPASS_EXPORT std::string_view SeverityName(Severity severity);

struct Diagnostic {
  Severity severity = Severity::kError;
  // A stable kebab-case id from diagnostic_codes.h (static storage). Tools match on it.
  std::string_view code;
  // The file the problem is in: a path inside the model ("pass.json", "strip@2x.png",
  // "en.lproj/pass.strings", "model.json"), "overrides" for the per-pass document, or a path
  // inside a .pkpass being verified.
  std::string file;
  // An RFC 6901 JSON pointer into `file` ("/barcodes/1/format"), or "" for the whole file.
  std::string pointer;
  // A sentence a person can act on. Not stable: never match on it.
  std::string message;
};

class PKPASS_EXPORT Diagnostics {
 public:
  void Add(Diagnostic d);
  void Error(std::string_view code, std::string file, std::string pointer, std::string message);
  void Warning(std::string_view code, std::string file, std::string pointer, std::string message);
  // Appends every diagnostic of `other`.
  void Append(const Diagnostics& other);
  // Turns every warning into an error (the strict option).
  void PromoteWarnings();
  // Orders the diagnostics by file (byte order; "overrides" sorts by its name like any other),
  // each file's keeping their order.
  void Sort();

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

// Returns one line per diagnostic: "<file>:<pointer>: <severity>: <message> [<code>]\n", or
// "<severity>: <message> [<code>]\n" for a diagnostic about no file in particular.
PKPASS_EXPORT std::string FormatText(const Diagnostics& diags);

// Returns a JSON array of {"severity","code","file","pointer","message"} objects, valid UTF-8
// whatever bytes the diagnostics quote (as ToValidUtf8 makes them).
PKPASS_EXPORT std::string FormatJson(const Diagnostics& diags);

// Returns at most `max_items` of `diags`, in order, each of its file, pointer and message cut to
// `max_bytes` (at a UTF-8 boundary, with "…"), and, when any were left out, one more that counts
// them (diagnostics-omitted, an error when one left out is): what a report of many records can
// hold of one record whose input was made to fail everywhere. Linear in what it returns.
PKPASS_EXPORT Diagnostics FirstDiagnostics(const Diagnostics& diags, size_t max_items, size_t max_bytes);

// Returns `text` with every ill-formed UTF-8 sequence replaced by U+FFFD, so that text quoting
// untrusted bytes (a serial, a file name in an archive) can be written as valid UTF-8 JSON.
PKPASS_EXPORT std::string ToValidUtf8(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_DIAGNOSTIC_H_
