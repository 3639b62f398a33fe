// Operations on a stored overrides document, the offline forms of the pass platforms' update
// calls. A server keeps each pass's overrides and changes them with these; building from the
// result gives the updated pass. Pure functions: safe to call from several threads at once.
//
// The document is the Pass2U v2 create-pass payload extended with the pass.json keys Pass2U leaves
// out (docs/overrides.md lists its keys): a key replaces the model's, null resets it to the
// model's, and "fields" merge by key.
#ifndef PKPASS_OVERRIDES_H_
#define PKPASS_OVERRIDES_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

// One pass's overrides document, parsed once. A batch reads a record's serialNumber from it,
// completes it with what the model generates (Model::Complete) and prepares the pass from it
// (Model::Prepare), without parsing the text again. Thread safety: used by one thread at a time;
// it may move between threads.
class PKPASS_EXPORT ParsedOverrides {
 public:
  // Parses `json`; an empty or all-blank view means "no overrides" (an empty object). kInvalidPass,
  // with diagnostics for the file "overrides", when it is not a JSON object within the limits
  // (1 MiB, nesting 64, 4,096 keys an object, no duplicate keys, UTF-8).
  static Result<ParsedOverrides> Parse(std::string_view json, Diagnostics& diags);

  ParsedOverrides(ParsedOverrides&&) noexcept;
  ParsedOverrides& operator=(ParsedOverrides&&) noexcept;
  ~ParsedOverrides();

  // The "serialNumber" the overrides give, when it is a string; nullopt otherwise. The view lives
  // as long as this object and until it is completed.
  std::optional<std::string_view> serial_number() const;

  // Returns the document as compact JSON, members in the order parsed (what Model::Complete adds
  // last).
  std::string ToJson() const;

  // Whether Model::Complete (or Model::Build) added a value the model generated.
  bool completed() const;

  // The string the overrides give the top-level key `key`, or nullopt when they give none. The
  // view lives as long as this object and until it is completed.
  std::optional<std::string_view> text(std::string_view key) const;

  struct Impl;  // internal, defined in lib/

 private:
  friend class Internals;  // lib/internals.h: the library's one way in
  explicit ParsedOverrides(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Returns `base` with `patch` applied as Passcreator's PATCH (and Pass2U's "Update pass"): a key
// of `patch` replaces the same key of `base`; null removes it, so the pass returns to the model's
// value; "fields" merge by key, attribute by attribute (a null attribute is removed); objects
// ("barcode", "nfc", "userInfo", "semantics") merge the same way, key by key; arrays
// ("images", "locations", "beacons", "barcodes", "relevantDates", ...) replace as a whole.
// A replace (Passcreator's POST) is simply the new document. Problems in either document are
// diagnostics (file "overrides" for `base`, "patch" for `patch`), with kInvalidPass.
PKPASS_EXPORT Result<std::string> PatchOverrides(std::string_view base, std::string_view patch,
                                                 Diagnostics& diags);

// Pass2U's resets. Each refuses (kInvalidPass, reset-absent) to reset what `overrides` do not
// have, so that a misspelt name is said rather than done as nothing.
// Pass2U's "Reset pass attribute": returns `overrides` without the top-level key `attribute`.
PKPASS_EXPORT Result<std::string> ResetAttribute(std::string_view overrides,
                                                 std::string_view attribute, Diagnostics& diags);

// Pass2U's "Reset custom field": returns `overrides` without the "fields" entry `field_key`.
PKPASS_EXPORT Result<std::string> ResetField(std::string_view overrides, std::string_view field_key,
                                             Diagnostics& diags);

// Pass2U's "Reset field attribute": returns `overrides` with `attribute` removed from the
// "fields" entry `field_key`.
PKPASS_EXPORT Result<std::string> ResetFieldAttribute(std::string_view overrides,
                                                      std::string_view field_key,
                                                      std::string_view attribute,
                                                      Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_OVERRIDES_H_
