// Incremental validation. A pass is its model's pass.json with what its overrides change; every
// rule that reads only one subtree says of an untouched subtree what it said of the model's. So
// the model's pass.json is validated once, each such rule's diagnostics kept by the subtree it
// read (a "unit": a top-level member, or an element of an array), and a pass's validation
// replays them for the units its resolution left untouched (Provenance::Untouched), running the
// rules only where the overrides, generated values, dates and colours changed something. Rules
// that read across subtrees (duplicate keys, counts, keys that need others, images, signer)
// always run. The verdict is identical to a full validation, diagnostics and order alike:
// tests/incremental_validation_test.cc compares the two on every golden case and on randomized
// overrides.
#ifndef PKPASS_VALIDATE_MEMO_H_
#define PKPASS_VALIDATE_MEMO_H_

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model_impl.h"
#include "pkpass/diagnostic.h"

namespace pkpass {

// The rules run over one unit, each kept apart.
enum class MemoRule : unsigned char {
  kControlCharacters,  // CheckControlCharacters
  kValue,              // CheckValue: the table's checks of a member or an array's dictionary
  kFieldEntries,       // CheckField: the field's dictionary
  kFieldRules,         // CheckField: changeMessage, markup, styles
  kEntry,              // CheckRelevance: a location, a beacon, a relevant date
};
inline constexpr size_t kMemoRules = 5;

// What validating the model's own pass.json reported, by unit and rule. Immutable once made.
class ValidationMemo {
 public:
  // The diagnostics `rule` reported over the unit at `resolved`, or null when it was not kept
  // (the model's resolution touched it, or no rule ran there).
  const std::vector<Diagnostic>* Find(MemoRule rule, std::string_view resolved) const;

  // Keeps the diagnostics of `diags` from index `first` on as what `rule` reported at `resolved`.
  void Keep(MemoRule rule, std::string_view resolved, const Diagnostics& diags, size_t first);

 private:
  using Kept = std::array<std::optional<std::vector<Diagnostic>>, kMemoRules>;
  // By pointer, ordered: a model's pointers are its author's, and an ordered map has no hash a
  // crafted pass.json could make collide.
  std::map<std::string, Kept, std::less<>> units_;
};

// The memo of `model`, made on first use (thread-safe): the model resolved with no overrides and
// validated, recording every unit its resolution left untouched.
const ValidationMemo& MemoOf(const Model::Impl& model);

}  // namespace pkpass

#endif  // PKPASS_VALIDATE_MEMO_H_
